using Pix2Pix.Engine.Kernels;
using Pix2Pix.Engine.Kernels.Reference;

namespace Pix2Pix.Engine.Tests.Kernels;

/// <summary>Random data and tolerant comparison shared by the GEMM and convolution kernel tests.</summary>
internal static class ConvKernelTestSupport
{
    public static float[] Random(int length, int seed)
    {
        var rng = new Random(seed);
        var data = new float[length];
        for (int i = 0; i < length; i++)
            data[i] = (float)(rng.NextDouble() * 2 - 1);
        return data;
    }

    /// <summary>
    /// Asserts |actual − expected| ≤ tolerance·(|expected| + rms(expected)) element-wise; the rms term keeps
    /// cancellation (expected ≈ 0) from demanding more precision than float summation has.
    /// Returns the largest error relative to rms(expected) so tests can report it.
    /// </summary>
    public static double AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance = 1e-4, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        double sq = 0;
        foreach (float v in expected)
            sq += (double)v * v;
        double rms = expected.Length == 0 ? 0 : Math.Sqrt(sq / expected.Length);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double err = Math.Abs((double)actual[i] - expected[i]);
            double allowed = tolerance * (Math.Abs(expected[i]) + rms) + 1e-30;
            if (!(err <= allowed))
                Assert.Fail($"{what}: element {i} is {actual[i]} but the reference is {expected[i]} (error {err:g3}, allowed {allowed:g3}).");
            if (rms > 0)
                worst = Math.Max(worst, err / rms);
        }
        return worst;
    }

    /// <summary>Forces a SIMD path (by name) until disposed.</summary>
    public static IDisposable ForcedPath(string path)
    {
        SimdPaths.Forced = Enum.Parse<SimdPath>(path);
        return new PathScope();
    }

    private sealed class PathScope : IDisposable
    {
        public void Dispose() => SimdPaths.Forced = SimdPath.Auto;
    }

    /// <summary>
    /// The fast convolution kernels against the reference on seeded data: forward (with bias), data gradient and weight
    /// and bias gradients, each accumulating into a non-zero start. Returns the largest errors relative to rms.
    /// </summary>
    public static (double Forward, double Data, double Weight) CheckConv2dAgainstReference(in Conv2dGeometry g, string label)
    {
        float[] x = Random(g.InputLength, 1), w = Random(g.WeightLength, 2), b = Random(g.OutChannels, 3), dy = Random(g.OutputLength, 4);
        float[] y0 = new float[g.OutputLength], y1 = new float[g.OutputLength];
        Conv2dReference.Forward(x, w, b, y0, g);
        Conv2dKernels.Forward(x, w, b, y1, g);
        double ef = AssertClose(y0, y1, what: $"forward {label}");
        float[] dx0 = Random(g.InputLength, 5), dx1 = (float[])dx0.Clone();
        Conv2dReference.BackwardData(dy, w, dx0, g);
        Conv2dKernels.BackwardData(dy, w, dx1, g);
        double ed = AssertClose(dx0, dx1, what: $"data gradient {label}");
        float[] dw0 = Random(g.WeightLength, 6), dw1 = (float[])dw0.Clone(), db0 = Random(g.OutChannels, 7), db1 = (float[])db0.Clone();
        Conv2dReference.BackwardWeight(dy, x, dw0, db0, g);
        Conv2dKernels.BackwardWeight(dy, x, dw1, db1, g);
        double ew = AssertClose(dw0, dw1, what: $"weight gradient {label}");
        AssertClose(db0, db1, what: $"bias gradient {label}");
        return (ef, ed, ew);
    }

    /// <summary><see cref="CheckConv2dAgainstReference"/> for a transposed convolution.</summary>
    public static (double Forward, double Data, double Weight) CheckConvTranspose2dAgainstReference(in ConvTranspose2dGeometry g, string label)
    {
        float[] x = Random(g.InputLength, 1), w = Random(g.WeightLength, 2), b = Random(g.OutChannels, 3), dy = Random(g.OutputLength, 4);
        float[] y0 = new float[g.OutputLength], y1 = new float[g.OutputLength];
        ConvTranspose2dReference.Forward(x, w, b, y0, g);
        ConvTranspose2dKernels.Forward(x, w, b, y1, g);
        double ef = AssertClose(y0, y1, what: $"forward {label}");
        float[] dx0 = Random(g.InputLength, 5), dx1 = (float[])dx0.Clone();
        ConvTranspose2dReference.BackwardData(dy, w, dx0, g);
        ConvTranspose2dKernels.BackwardData(dy, w, dx1, g);
        double ed = AssertClose(dx0, dx1, what: $"data gradient {label}");
        float[] dw0 = Random(g.WeightLength, 6), dw1 = (float[])dw0.Clone(), db0 = Random(g.OutChannels, 7), db1 = (float[])db0.Clone();
        ConvTranspose2dReference.BackwardWeight(dy, x, dw0, db0, g);
        ConvTranspose2dKernels.BackwardWeight(dy, x, dw1, db1, g);
        double ew = AssertClose(dw0, dw1, what: $"weight gradient {label}");
        AssertClose(db0, db1, what: $"bias gradient {label}");
        return (ef, ed, ew);
    }
}
