using System.Text.Json;
using Pix2Pix.Engine.Optim;
using Xunit.Abstractions;
using Pix2Pix.Engine.Tests.Checkpoints;

namespace Pix2Pix.Engine.Tests.Optim;

public class LrScheduleTests
{
    private readonly ITestOutputHelper _output;

    public LrScheduleTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < LrScheduleReference.All.Count; i++)
            data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Schedule_matches_torch_lr_scheduler_epoch_by_epoch(int index)
    {
        LrScheduleReference c = LrScheduleReference.All[index];
        var adam = new Adam([new Tensor([0f], 1)], c.Lr, 0.5f);
        ILrScheduler scheduler = LrSchedulers.Create(c.Policy, adam, c.Options);
        var actual = new List<double> { scheduler.LearningRate };
        for (int e = 0; e < c.Lrs.Length - 1; e++)
        {
            scheduler.Step(c.Metrics?[e]);
            actual.Add(scheduler.LearningRate);
            Assert.Equal((float)scheduler.LearningRate, adam.LearningRate);
        }
        _output.WriteLine($"{c.Policy}: {string.Join(" ", actual.Select(v => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)))}");
        // Bit-exact: same double formulas in the same order as PyTorch.
        Assert.Equal(c.Lrs, actual.ToArray());
        Assert.Equal(c.Lrs.Length - 1, scheduler.LastEpoch);
    }

    [Fact]
    public void Unknown_policy_names_the_allowed_ones()
    {
        var adam = new Adam([new Tensor([0f], 1)], 0.0002f);
        var e = Assert.Throws<ArgumentException>(() => LrSchedulers.Create("exponential", adam));
        Assert.Contains("'exponential'", e.Message, StringComparison.Ordinal);
        Assert.Contains("linear, step, plateau, cosine", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plateau_without_a_metric_says_one_is_needed()
    {
        ILrScheduler scheduler = LrSchedulers.Create("plateau", new Adam([new Tensor([0f], 1)], 0.0002f));
        var e = Assert.Throws<ArgumentNullException>(() => scheduler.Step());
        Assert.Contains("needs a metric", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Linear_with_a_later_epoch_count_starts_already_decayed()
    {
        var adam = new Adam([new Tensor([0f], 1)], 0.0002f);
        ILrScheduler scheduler = LrSchedulers.Create("linear", adam, new LrScheduleOptions { NEpochs = 5, NEpochsDecay = 7, EpochCount = 8 });
        // 1 - (0 + 8 - 5) / 8 = 0.625
        Assert.Equal(0.0002 * 0.625, scheduler.LearningRate);
        Assert.Equal((float)(0.0002 * 0.625), adam.LearningRate);
    }

    [Theory]
    [InlineData("step", 0, 1)]
    [InlineData("cosine", 1, 0)]
    public void Invalid_periods_are_refused_with_the_option_name(string policy, int lrDecayIters, int nEpochs)
    {
        var adam = new Adam([new Tensor([0f], 1)], 0.0002f);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            LrSchedulers.Create(policy, adam, new LrScheduleOptions { LrDecayIters = lrDecayIters, NEpochs = nEpochs }));
        Assert.Contains("--", e.Message, StringComparison.Ordinal);
    }
}

/// <summary>One recorded torch schedule from Fixtures/optim/lr_schedules.json.</summary>
internal sealed class LrScheduleReference
{
    private static readonly Lazy<IReadOnlyList<LrScheduleReference>> Lazy = new(Load);

    public static IReadOnlyList<LrScheduleReference> All => Lazy.Value;

    public required string Policy { get; init; }

    public required float Lr { get; init; }

    public required LrScheduleOptions Options { get; init; }

    public double[]? Metrics { get; init; }

    public required double[] Lrs { get; init; }

    public override string ToString() => $"{Policy} {Options}";

    private static List<LrScheduleReference> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(CheckpointTestFiles.Fixture("lr_schedules.json")));
        return doc.RootElement.EnumerateArray().Select(e => new LrScheduleReference
        {
            Policy = e.GetProperty("policy").GetString()!,
            Lr = (float)e.GetProperty("lr").GetDouble(),
            Options = new LrScheduleOptions
            {
                NEpochs = e.GetProperty("n_epochs").GetInt32(),
                NEpochsDecay = e.GetProperty("n_epochs_decay").GetInt32(),
                LrDecayIters = e.GetProperty("lr_decay_iters").GetInt32(),
                EpochCount = e.GetProperty("epoch_count").GetInt32(),
            },
            Metrics = e.GetProperty("metrics").ValueKind == JsonValueKind.Null ? null
                : e.GetProperty("metrics").EnumerateArray().Select(m => m.GetDouble()).ToArray(),
            Lrs = e.GetProperty("lrs").EnumerateArray().Select(m => m.GetDouble()).ToArray(),
        }).ToList();
    }
}
