// Translates one image with a trained generator: dotnet run --project examples/TranslateExample -- CHECKPOINT IN OUT.png
// CHECKPOINT is a run folder (checkpoints/<name>), a .safetensors file or a PyTorch .pth state dict.
// It uses only the library's public surface (docs/library.md).
using Pix2Pix.Gan;
using Pix2Pix.Imaging;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: TranslateExample CHECKPOINT INPUT_IMAGE OUTPUT.png");
    return 2;
}
string checkpoint = args[0], input = args[1], output = args[2];

try
{
    // No architecture given: a run folder's options.json, or else the weights themselves, say what the generator is.
    var generator = Generator.Load(checkpoint, new GeneratorLoadOptions { Eval = true });
    Image image = ImageCodecs.Load(input);
    Image result = generator.Translate(image, FitMode.Pad);   // reflect-pad to sides the generator takes, crop back
    ImageCodecs.Save(result, output);

    Console.WriteLine($"translated {input} ({image.Width}x{image.Height}) with {checkpoint}"
        + (generator.ArchitectureInferred ? $" (architecture inferred: {generator.ArchitectureFlags})" : "") + $" -> {output}");
    return 0;
}
catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or ImageDecodeException or Pix2Pix.Engine.Checkpoints.CheckpointException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
