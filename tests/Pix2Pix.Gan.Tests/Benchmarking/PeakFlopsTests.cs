using Pix2Pix.Engine.Kernels;
using Pix2Pix.Gan.Benchmarking;

namespace Pix2Pix.Gan.Tests.Benchmarking;

public class PeakFlopsTests
{
    public static TheoryData<string> Paths()
    {
        var data = new TheoryData<string>();
        foreach (var path in new[] { SimdPath.Vector512, SimdPath.Vector256, SimdPath.Portable })
            if (SimdPaths.IsSupported(path))
                data.Add(path.ToString());
        return data;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void The_peak_is_measured_on_the_path_the_kernels_use_and_is_a_positive_rate(string pathName)
    {
        var path = Enum.Parse<SimdPath>(pathName);
        var previous = SimdPaths.Forced;
        SimdPaths.Forced = path;
        try
        {
            var peak = PeakFlops.Measure(threads: 2, trialMilliseconds: 20, trials: 1);
            Assert.Equal(path, peak.Path);
            Assert.Equal(2, peak.Threads);
            Assert.True(double.IsFinite(peak.GflopsPerCore) && peak.GflopsPerCore > 0.1, $"one thread: {peak.GflopsPerCore} GFLOP/s");
            Assert.True(double.IsFinite(peak.GflopsAllThreads) && peak.GflopsAllThreads > 0.1, $"two threads: {peak.GflopsAllThreads} GFLOP/s");
            Assert.Equal(peak.GflopsAllThreads / (2 * peak.GflopsPerCore), peak.Scaling, 12);
        }
        finally
        {
            SimdPaths.Forced = previous;
        }
    }

    [Fact]
    public void Wider_vectors_give_a_higher_peak_than_the_portable_path_on_one_thread()
    {
        // The measurement must see the SIMD width: the widest accelerated path does at least 1.3x the multiply-adds (2x in theory) of
        // the portable one when Vector<float> is narrower than it (a loop that spilled or counted wrong would not).
        if (SimdPaths.Best == SimdPath.Portable || System.Numerics.Vector<float>.Count >= 16)
            return;
        var previous = SimdPaths.Forced;
        try
        {
            // Alternating rounds, best of each, so a burst of load on the machine hits both sides alike.
            double best = 0, portable = 0;
            for (int round = 0; round < 4; round++)
            {
                SimdPaths.Forced = SimdPaths.Best;
                best = Math.Max(best, PeakFlops.Measure(1, 30, 1).GflopsPerCore);
                SimdPaths.Forced = SimdPath.Portable;
                portable = Math.Max(portable, PeakFlops.Measure(1, 30, 1).GflopsPerCore);
            }
            Assert.True(best > 1.3 * portable, $"{SimdPaths.Best}: {best:F1} GFLOP/s, portable: {portable:F1} GFLOP/s");
        }
        finally
        {
            SimdPaths.Forced = previous;
        }
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PeakFlops.Measure(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PeakFlops.Measure(1, trialMilliseconds: 0));
    }
}
