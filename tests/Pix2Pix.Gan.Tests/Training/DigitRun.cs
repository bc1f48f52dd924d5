using Pix2Pix.Tests.Support;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Tests.Data.Support;

namespace Pix2Pix.Gan.Tests.Training;

/// <summary>
/// A temporary folder with synthetic MNIST-style IDX files (a white bar on black whose column depends on the label) and
/// training options for the noise models on it.
/// </summary>
internal sealed class DigitRun : IDisposable
{
    public DigitRun(int count)
    {
        Root = Path.Combine(Path.GetTempPath(), $"p2p-digits-{Guid.NewGuid():N}");
        Directory.CreateDirectory(DataRoot);
        var pixels = new byte[count * 28 * 28];
        var labels = new byte[count];
        for (int n = 0; n < count; n++)
        {
            labels[n] = (byte)(n % 10);
            int left = 3 + 2 * labels[n];
            for (int y = 6; y < 22; y++)
                for (int x = left; x < left + 4; x++)
                    pixels[n * 784 + y * 28 + x] = 255;
        }
        File.WriteAllBytes(Path.Combine(DataRoot, "train-images-idx3-ubyte"), IdxFiles.Build([count, 28, 28], pixels));
        File.WriteAllBytes(Path.Combine(DataRoot, "train-labels-idx1-ubyte"), IdxFiles.Build([count], labels));
    }

    public string Root { get; }

    public string DataRoot => Path.Combine(Root, "data");

    public TrainOptions Options(string model, string name, int epochs, int batchSize)
    {
        var o = new TrainOptions { Model = model };
        o.ApplyModelDefaults(new HashSet<string>());
        o.DataRoot = DataRoot;
        o.Name = name;
        o.CheckpointsDir = Path.Combine(Root, "checkpoints");
        o.NEpochs = epochs;
        o.BatchSize = batchSize;
        o.NumThreads = 2;
        o.Seed = 5;
        o.NoHtml = true;
        o.PrintFreq = 1_000_000;
        o.SaveLatestFreq = 1_000_000;
        o.SaveEpochFreq = 1000;
        return o;
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
            Directory.Delete(Root, recursive: true);
    }
}
