// Translates one image with a trained generator: dotnet run --project examples/TranslateExample -- CHECKPOINT IN OUT.png
// CHECKPOINT is a run folder (checkpoints/<name>), a .safetensors file or a PyTorch .pth state dict.
using Pix2Pix.Gan.Inference;
using Pix2Pix.Gan.Options;
using Pix2Pix.Imaging;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: TranslateExample CHECKPOINT INPUT_IMAGE OUTPUT.png");
    return 2;
}
string checkpoint = args[0], input = args[1], output = args[2];

// No architecture flags given: a run folder's options.json, or else the weights themselves, say what the generator is.
var translator = Translator.Load(checkpoint, epoch: "latest", new TestOptions(), givenFlags: new HashSet<string>(), eval: true);
Image image = ImageCodecs.Load(input);
Image result = translator.Translate(image, input, fit: FitMode.Pad);   // reflect-pad to sides the generator takes, crop back
ImageCodecs.SavePng(result, output);

Console.WriteLine($"translated {input} ({image.Width}x{image.Height}) with {checkpoint}"
    + (translator.Inferred is { } arch ? $" (architecture inferred: {arch.Flags})" : "") + $" -> {output}");
return 0;
