using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Tests.Options;

/// <summary><see cref="ContinueFlags"/>: which flags a continue saves, keeps or takes from the command line.</summary>
public class ContinueFlagsTests
{
    [Fact]
    public void Every_flag_the_rule_names_is_a_training_flag()
    {
        var flags = TrainOptions.TrainSpecs.Select(s => s.Flag).ToHashSet(StringComparer.Ordinal);
        foreach (string flag in ContinueFlags.OneOff.Concat(ContinueFlags.LoadChoice).Concat(ContinueFlags.Location))
            Assert.Contains(flag, flags);
        Assert.Subset(ContinueFlags.OneOff.ToHashSet(StringComparer.Ordinal), ContinueFlags.LoadChoice.ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public void A_merge_runs_with_the_given_flags_saves_only_the_run_defining_ones_and_loads_latest_by_default()
    {
        var saved = new TrainOptions { DataRoot = "/data", Ngf = 8, NEpochs = 1, MaxDatasetSize = int.MaxValue, PrintFreq = 100, Epoch = "3", Name = "old", CheckpointsDir = "/old" };
        var given = new TrainOptions { ContinueTrain = true, NEpochs = 5, MaxDatasetSize = 30, Name = "run", CheckpointsDir = "/ck" };
        var merged = ContinueFlags.Merge(given, new HashSet<string>(StringComparer.Ordinal) { "continue_train", "n_epochs", "max_dataset_size", "name" }, saved);

        Assert.Equal((8, 5, 30, "latest", "/data", "run", "/ck"), (merged.Ngf, merged.NEpochs, merged.MaxDatasetSize, merged.Epoch, merged.DataRoot, merged.Name, merged.CheckpointsDir));
        var toSave = merged.ToSave!;
        Assert.Equal((8, 5, int.MaxValue, "3", "run", "/ck"), (toSave.Ngf, toSave.NEpochs, toSave.MaxDatasetSize, toSave.Epoch, toSave.Name, toSave.CheckpointsDir));
        Assert.Equal(["--n_epochs 1 -> 5 (saved in options.json)", "--max_dataset_size 30 for this run only (options.json keeps inf)"],
            merged.ContinueChanges.OrderBy(c => c.Contains("max", StringComparison.Ordinal)).ToArray());
    }
}
