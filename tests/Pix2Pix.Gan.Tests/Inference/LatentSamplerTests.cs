using Pix2Pix.Gan.Inference;
using Pix2Pix.Gan.Tests.Training;
using Pix2Pix.Gan.Training;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Tests.Inference;

/// <summary><c>pix2pix sample</c>'s logic: numbered PNGs, the grid, the seed, and the range checks.</summary>
[Collection("Training runs")]
public sealed class LatentSamplerTests : IDisposable
{
    private readonly DigitRun _run = new(32);

    public void Dispose() => _run.Dispose();

    private LatentSampler Trained(string model)
    {
        using (var t = new Trainer(_run.Options(model, model, epochs: 1, batchSize: 16), TextWriter.Null))
            t.Train();
        return LatentSampler.Load(Path.Combine(_run.Root, "checkpoints"), model);
    }

    [Fact]
    public void Samples_are_numbered_pngs_and_a_make_grid_style_grid()
    {
        var sampler = Trained("gan");
        var images = sampler.Sample(10, null, seed: 1);
        string folder = Path.Combine(_run.Root, "out");
        var files = LatentSampler.Write(images, folder, Path.Combine(folder, "grid.png"));
        Assert.Equal(10, files.Count);
        Assert.EndsWith("0001.png", files[0], StringComparison.Ordinal);
        Assert.EndsWith("0010.png", files[9], StringComparison.Ordinal);
        var one = ImageCodecs.Load(files[0]);
        Assert.Equal((28, 28), (one.Width, one.Height));
        var grid = ImageCodecs.Load(Path.Combine(folder, "grid.png"));
        Assert.Equal((8 * 30 + 2, 2 * 30 + 2), (grid.Width, grid.Height));
    }

    [Fact]
    public void The_same_seed_draws_the_same_noise_whatever_the_count()
    {
        var sampler = Trained("gan");
        var few = sampler.Sample(3, null, seed: 9);
        var many = sampler.Sample(70, null, seed: 9);
        // the same z; the matrix products of a batch of 3 and of 64 may round differently in the last bits
        for (int i = 0; i < few.Count; i++)
            Assert.Equal(few.Data[i], many.Data[i], 1e-5f);
        Assert.NotEqual(few.Data, sampler.Sample(3, null, seed: 10).Data);
    }

    [Fact]
    public void Labels_are_for_cgan_only_and_must_be_digits()
    {
        var cgan = Trained("cgan");
        Assert.Equal([1, 1, 28, 28], cgan.Sample(1, 7, seed: 0).ShapeArray());
        Assert.Contains("0 to 9", Assert.Throws<ArgumentException>(() => cgan.Sample(1, 10, seed: 0)).Message, StringComparison.Ordinal);
        Assert.Contains("1 to 100000", Assert.Throws<ArgumentException>(() => cgan.Sample(0, null, seed: 0)).Message, StringComparison.Ordinal);
        var gan = Trained("gan");
        Assert.Contains("--model cgan", Assert.Throws<ArgumentException>(() => gan.Sample(1, 3, seed: 0)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_that_is_not_a_run_says_how_to_make_one()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => LatentSampler.Load(_run.Root, "missing"));
        Assert.Contains("pix2pix train --model gan", ex.Message, StringComparison.Ordinal);
    }
}
