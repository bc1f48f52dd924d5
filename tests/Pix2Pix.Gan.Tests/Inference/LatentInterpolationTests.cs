using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Gan.Inference;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Tests.Inference;

/// <summary><c>pix2pix interpolate</c>'s logic: the walk's ends are the seeds' samples, linear and spherical paths, labels.</summary>
public sealed class LatentInterpolationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"p2p-interp-{Guid.NewGuid():N}");

    public LatentInterpolationTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static LatentSampler Zoo() => LatentSampler.LoadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "progan", "zoo_s2.pth"), "progan");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_first_and_last_frames_are_what_sample_draws_for_the_two_seeds(bool slerp)
    {
        var sampler = Zoo();
        var frames = LatentInterpolation.Walk(sampler, 3, 11, 5, slerp, null);
        Assert.Equal([5, 3, 16, 16], frames.ShapeArray());
        var first = sampler.Sample(1, null, 3);
        var last = sampler.Sample(1, null, 11);
        int size = first.Count;
        for (int i = 0; i < size; i++)
        {
            Assert.Equal(first.Data[i], frames.Data[i], 1e-4f);
            Assert.Equal(last.Data[i], frames.Data[4 * size + i], 1e-4f);
        }
    }

    [Fact]
    public void Linear_steps_are_evenly_spaced_and_slerp_keeps_the_radius()
    {
        const int dim = 512;
        var linear = LatentInterpolation.Path(dim, 1, 2, 3, slerp: false);
        var spherical = LatentInterpolation.Path(dim, 1, 2, 3, slerp: true);
        double Norm(Tensor z, int row) => Math.Sqrt(Enumerable.Range(0, dim).Sum(i => (double)z.Data[row * dim + i] * z.Data[row * dim + i]));
        for (int i = 0; i < dim; i++)
            Assert.Equal((linear.Data[i] + linear.Data[2 * dim + i]) / 2, linear.Data[dim + i], 1e-5f);
        // two independent Gaussian vectors are nearly orthogonal: the straight line's middle is ~1/√2 as long, the arc's is not
        double ends = (Norm(spherical, 0) + Norm(spherical, 2)) / 2;
        Assert.InRange(Norm(linear, 1) / ends, 0.6, 0.8);
        Assert.InRange(Norm(spherical, 1) / ends, 0.95, 1.05);
        Assert.Contains("2 to", Assert.Throws<ArgumentException>(() => LatentInterpolation.Path(dim, 1, 2, 1, false)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cgan_walk_needs_a_label_and_others_refuse_one()
    {
        var opt = new TrainOptions { Model = "cgan", DataRoot = "." };
        opt.ApplyModelDefaults(new HashSet<string>());
        var cgan = (LatentGanModel)ModelFactory.Create(opt, 1);
        string file = Path.Combine(_dir, "cgan_G.safetensors");
        Checkpoint.Save(file, cgan.NetG.StateDict());
        var sampler = LatentSampler.LoadFile(file, "cgan");
        Assert.Contains("--label", Assert.Throws<ArgumentException>(() => LatentInterpolation.Walk(sampler, 1, 2, 3, false, null)).Message, StringComparison.Ordinal);
        Assert.Equal([3, 1, 28, 28], LatentInterpolation.Walk(sampler, 1, 2, 3, false, 7).ShapeArray());
        Assert.Contains("--model cgan", Assert.Throws<ArgumentException>(() => LatentInterpolation.Walk(Zoo(), 1, 2, 3, false, 7)).Message, StringComparison.Ordinal);
        Assert.Contains("does not draw images from noise", Assert.Throws<ArgumentException>(() => LatentSampler.LoadFile(file, "pix2pix")).Message, StringComparison.Ordinal);
    }
}
