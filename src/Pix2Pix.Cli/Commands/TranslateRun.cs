using System.Diagnostics;
using System.Globalization;
using Pix2Pix.Gan;
using Pix2Pix.Gan.Inference;
using Pix2Pix.Imaging;

namespace Pix2Pix.Cli.Commands;

/// <summary>What <c>translate</c> does to each file, from the command line.</summary>
internal sealed record TranslateSettings((int Width, int Height)? Resize, FitMode Fit, int BatchSize, ImageSaveOptions Save, bool Verbose);

/// <summary>
/// One <c>translate</c> over planned (source, target) pairs: <see cref="TranslateSettings.BatchSize"/> files decoded at a
/// time, each size group in one forward pass; a file that fails is recorded and the rest go on; a summary at the end.
/// </summary>
internal sealed class TranslateRun(Translator translator, List<(string Source, string Target)> jobs, TranslateSettings settings, TextWriter stdout, TextWriter stderr)
{
    private readonly List<string> _failures = [];
    private readonly TranslateProgress? _progress = TranslateProgress.Enabled(stderr) && jobs.Count > 1 ? new TranslateProgress(jobs.Count, stderr) : null;
    private int _written;
    private int _done;

    /// <summary>Translates everything; 0 when every file was written, else 1 after listing the failures.</summary>
    public int Execute()
    {
        var watch = Stopwatch.StartNew();
        for (int start = 0; start < jobs.Count; start += settings.BatchSize)
        {
            var prepared = Prepare(jobs.Skip(start).Take(settings.BatchSize));
            foreach (var group in prepared.GroupBy(p => (p.Image.Input.Width, p.Image.Input.Height)))
                TranslateGroup(group.ToList());
        }
        double seconds = watch.Elapsed.TotalSeconds;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"translated {_written} of {jobs.Count} image(s) in {seconds:F1} s ({(seconds > 0 ? _written / seconds : 0):F2} images/s)"));
        if (_failures.Count == 0)
            return 0;
        foreach (string failure in _failures)
            stderr.WriteLine($"error: {failure}");
        if (jobs.Count > 1)
            stderr.WriteLine($"{_failures.Count} image(s) could not be translated (listed above); fix or remove them and run again (the others are written).");
        return 1;
    }

    /// <summary>Decodes and fits each file; undecodable files and (under --fit exact) wrong sizes become failures.</summary>
    private List<((string Source, string Target) Job, FittedImage Image)> Prepare(IEnumerable<(string Source, string Target)> chunk)
    {
        var prepared = new List<((string, string), FittedImage)>();
        foreach (var job in chunk)
        {
            try
            {
                prepared.Add((job, translator.Prepare(ImageCodecs.Load(job.Source), job.Source, settings.Resize, settings.Fit)));
            }
            catch (Exception ex) when (ex is ImageDecodeException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                Fail(job.Source, ex.Message);
            }
        }
        return prepared;
    }

    /// <summary>One forward pass for images of one size, then each result written in its target's format.</summary>
    private void TranslateGroup(List<((string Source, string Target) Job, FittedImage Image)> items)
    {
        IReadOnlyList<Image> results;
        try
        {
            results = translator.Translate(items.Select(p => p.Image).ToList());
        }
        catch (ArgumentException ex)   // a size the rule lets through but a layer cannot take
        {
            foreach (var item in items)
                Fail(item.Job.Source, ex.Message);
            return;
        }
        for (int i = 0; i < items.Count; i++)
        {
            var (source, target) = items[i].Job;
            try
            {
                ImageCodecs.Save(results[i], target, settings.Save);
                _written++;
                if (settings.Verbose || jobs.Count == 1)
                    stdout.WriteLine($"{source} -> {target}");
                _progress?.OnImage(++_done);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Fail(target, $"could not be written: {ex.Message}");
            }
        }
    }

    /// <summary>Records a failure, naming the file once (decoder and size messages already start with it).</summary>
    private void Fail(string file, string message)
    {
        _failures.Add(message.StartsWith(file, StringComparison.Ordinal) ? message : $"{file}: {message}");
        _progress?.OnImage(++_done);
    }
}
