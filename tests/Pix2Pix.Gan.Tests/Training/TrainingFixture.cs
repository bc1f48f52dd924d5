using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Synthetic;

namespace Pix2Pix.Gan.Tests.Training;

/// <summary>Tests that train run alone: they keep the cores busy and compare runs bit for bit.</summary>
[CollectionDefinition("Training runs", DisableParallelization = true)]
public sealed class TrainingRunsDefinition;

/// <summary>A temporary folder with a few synthetic facade pairs (aligned layout) and options for a tiny pix2pix.</summary>
internal sealed class TinyRun : IDisposable
{
    public TinyRun(int train = 4, int test = 2)
    {
        Root = Path.Combine(Path.GetTempPath(), $"p2p-train-{Guid.NewGuid():N}");
        SyntheticFacades.WriteDataset(Path.Combine(Root, "data"), train, 1, test, 128, seed: 7);
    }

    public string Root { get; }

    public string DataRoot => Path.Combine(Root, "data");

    public TrainOptions Options(string name, int epochs, int decay = 0) => new()
    {
        DataRoot = DataRoot,
        CheckpointsDir = Path.Combine(Root, "checkpoints"),
        Name = name,
        Model = "pix2pix",
        NetG = "unet_128",
        Norm = "batch",
        DatasetMode = "aligned",
        Direction = "BtoA",
        Ngf = 8,
        Ndf = 8,
        LoadSize = 142,
        CropSize = 128,
        PoolSize = 0,
        GanMode = "vanilla",
        NEpochs = epochs,
        NEpochsDecay = decay,
        PrintFreq = 1,
        DisplayFreq = 3,
        UpdateHtmlFreq = 3,
        SaveLatestFreq = 2,
        SaveEpochFreq = 1,
        NumThreads = 2,
        Seed = 3,
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
