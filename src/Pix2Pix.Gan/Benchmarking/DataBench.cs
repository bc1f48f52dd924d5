using System.Diagnostics;
using Pix2Pix.Gan.Data;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Benchmarking;

/// <summary>Images per second of decoding (one thread) and of the whole data loader (decode, transform, batch).</summary>
internal sealed record DataBenchResult(int Images, double DecodeImagesPerSecond, double LoaderImagesPerSecond, int LoaderThreads);

internal static class DataBench
{
    /// <summary>
    /// Decodes every image of <paramref name="options"/>' phase folder once on this thread (after one untimed pass to warm
    /// the JIT and the file cache), then runs one loader epoch with the options' transforms and threads.
    /// </summary>
    public static DataBenchResult Run(DataOptions options, int maxImages)
    {
        ArgumentNullException.ThrowIfNull(options);
        string folder = Path.Combine(options.DataRoot, options.Phase);
        var files = ImageFolder.Scan(Directory.Exists(folder) ? folder : options.DataRoot, maxImages);
        if (files.Count == 0)
            throw new ArgumentException($"No images under {folder}; pass --dataroot with a {options.Phase}/ folder of images.");
        foreach (string f in files.Take(8))
            ImageCodecs.Load(f);
        var watch = Stopwatch.StartNew();
        foreach (string f in files)
            ImageCodecs.Load(f);
        double decode = files.Count / watch.Elapsed.TotalSeconds;

        var loaderOptions = options with { MaxDatasetSize = Math.Min(options.MaxDatasetSize, maxImages) };
        using var loader = DataLoader.Create(loaderOptions);
        watch.Restart();
        int served = 0;
        foreach (var batch in loader.Epoch(1))
            served += batch.Size;
        double load = served / watch.Elapsed.TotalSeconds;
        return new DataBenchResult(files.Count, decode, load, options.NumThreads);
    }
}
