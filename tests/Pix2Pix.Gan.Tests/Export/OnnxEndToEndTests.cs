using Pix2Pix.Engine;
using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Export.Onnx;
using Pix2Pix.Gan.Inference;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Tests.Training;
using Pix2Pix.Gan.Training;
using Pix2Pix.Gan.Visuals;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Tests.Export;

/// <summary>Train a tiny run, export its generator to ONNX, and get translate's image from ONNX Runtime.</summary>
[Collection("Training runs")]
public class OnnxEndToEndTests
{
    [Fact]
    public void A_trained_run_exported_to_onnx_gives_translates_image_in_onnx_runtime()
    {
        using var run = new TinyRun(train: 2, test: 1);
        TrainOptions opt = run.Options("onnx_e2e", epochs: 1);
        using (var trainer = new Trainer(opt, TextWriter.Null))
            trainer.Train();

        var noFlags = new HashSet<string>();
        LoadedGenerator loaded = GeneratorLoader.Load(opt.RunDirectory, "latest", new TrainOptions(), noFlags);
        OnnxExportable exportable = OnnxNetworks.Generator(loaded, keepDropout: false);
        byte[] model = OnnxExporter.ToBytes(exportable.Network, exportable.Options);

        var rng = new Rng(11);
        var image = new Image(128, 128, 3);
        for (int i = 0; i < image.Pixels.Length; i++)
            image.Pixels[i] = (byte)rng.NextInt(256);
        Image translated = Translator.Load(opt.RunDirectory, "latest", new TrainOptions(), noFlags, eval: true).Translate(image, "noise.png");

        var input = new float[3 * 128 * 128];
        ImageOps.ToNormalizedPlanes(image, input);
        using var onnx = new OnnxRuntimeRunner(model, threads: 2);
        (float[] output, int[] shape) = onnx.Run(input, 1, 3, 128, 128);
        Image fromOnnx = TensorImage.ToImage(new Tensor(output, shape));

        // the same 8-bit image; a float difference of ~1e-6 may move a value across a rounding boundary by one level
        int differing = 0, worst = 0;
        for (int i = 0; i < translated.Pixels.Length; i++)
        {
            int d = Math.Abs(translated.Pixels[i] - fromOnnx.Pixels[i]);
            worst = Math.Max(worst, d);
            differing += d == 0 ? 0 : 1;
        }
        Assert.True(worst <= 1, $"largest pixel difference {worst}");
        Assert.True(differing <= translated.Pixels.Length / 1000, $"{differing} of {translated.Pixels.Length} values differ");
    }
}
