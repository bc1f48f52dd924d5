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
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PeakFlops.Measure(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PeakFlops.Measure(1, trialMilliseconds: 0));
    }
}
