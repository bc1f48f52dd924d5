using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Data;

/// <summary>An image file the scan found damaged, and why.</summary>
internal sealed record BadImage(string Path, string Problem);

/// <summary>What <see cref="DatasetScan.Check"/> found: how many files it probed, which are bad, how long it took.</summary>
internal sealed record DatasetScanResult(int Checked, IReadOnlyList<BadImage> Bad, TimeSpan Elapsed)
{
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"checked {Checked} images in {Elapsed.TotalSeconds:F2} s: {(Bad.Count == 0 ? "all whole" : $"{Bad.Count} bad")}");

    /// <summary>One line per bad file: path, a tab, the problem.</summary>
    public string BadList()
    {
        var text = new StringBuilder();
        foreach (var bad in Bad)
            text.Append(bad.Path).Append('\t').Append(bad.Problem).Append('\n');
        return text.ToString();
    }
}

/// <summary>
/// Before a dataset is used, probes every image file it will read (<see cref="ImageProbe"/>: header, claimed size,
/// truncation; no decoding), so a damaged file stops the run at the start with all bad files listed instead of
/// killing it hours in. One place for every folder-based mode; mnist checks its IDX files when it loads them.
/// </summary>
internal static class DatasetScan
{
    /// <summary>The flag that trains without the bad files.</summary>
    public const string SkipFlag = "--skip_bad_images";

    /// <summary>The image files the dataset of <paramref name="options"/> will read (after max_dataset_size), in every folder of its mode.</summary>
    public static IReadOnlyList<string> FilesOf(DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var files = new List<string>();
        foreach (string folder in DatasetFolders.Of(options))
            files.AddRange(DatasetFolders.ScanOrThrow(folder, options with { ExcludedImages = null }));
        return files;
    }

    /// <summary>Probes every file of <see cref="FilesOf"/>, in parallel; bad files come back in path order.</summary>
    public static DatasetScanResult Check(DataOptions options)
    {
        var watch = Stopwatch.StartNew();
        IReadOnlyList<string> files = FilesOf(options);
        var bad = new ConcurrentBag<BadImage>();
        Parallel.ForEach(files, path =>
        {
            if (ImageProbe.FindProblem(path) is { } problem)
                bad.Add(new BadImage(path, problem));
        });
        var sorted = bad.OrderBy(b => b.Path, StringComparer.Ordinal).ToList();
        return new DatasetScanResult(files.Count, sorted, watch.Elapsed);
    }

    /// <summary>
    /// Checks the dataset of <paramref name="options"/> and prints the scan's summary. With bad files, throws a
    /// <see cref="DataException"/> that lists them all, unless <paramref name="skipBad"/>: then the returned options leave
    /// them out (and the bad files are in the result).
    /// </summary>
    public static (DataOptions Options, DatasetScanResult Result) Prepare(DataOptions options, bool skipBad, TextWriter? log)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DatasetMode == DatasetMode.Mnist)
            return (options, new DatasetScanResult(0, [], TimeSpan.Zero));
        DatasetScanResult result = Check(options);
        log?.WriteLine(result.Summary);
        if (result.Bad.Count == 0)
            return (options, result);
        if (!skipBad)
            throw new DataException(Refusal(result));
        log?.WriteLine($"skipping {result.Bad.Count} bad image file{(result.Bad.Count == 1 ? "" : "s")} ({SkipFlag}):");
        foreach (var b in result.Bad)
            log?.WriteLine($"  {b.Path}: {b.Problem}");
        return (options with { ExcludedImages = result.Bad.Select(b => b.Path).ToHashSet(StringComparer.Ordinal) }, result);
    }

    private static string Refusal(DatasetScanResult result)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{result.Bad.Count} of {result.Checked} image files are damaged or not images:\n");
        foreach (var b in result.Bad)
            text.Append(CultureInfo.InvariantCulture, $"  {b.Path}: {b.Problem}\n");
        text.Append(CultureInfo.InvariantCulture, $"Fix or remove them (e.g. re-download or re-export them), or pass {SkipFlag} to go on without them.");
        return text.ToString();
    }
}
