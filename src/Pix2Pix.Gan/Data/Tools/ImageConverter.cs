using Pix2Pix.Imaging;
using Pix2Pix.Imaging.Resize;

namespace Pix2Pix.Gan.Data.Tools;

/// <summary>What <see cref="ImageConverter"/> does: read <see cref="Input"/> (a file or a folder, recursively) and write
/// images (PNG by default, JPEG or BMP) under <see cref="Output"/>, optionally resized and/or converted to gray.</summary>
internal sealed record ConvertRequest(string Input, string Output)
{
    /// <summary>Target size, or null to keep the size (decode and re-encode only).</summary>
    public (int Width, int Height)? Resize { get; init; }

    public ResizeFilter Filter { get; init; } = ResizeFilter.Bicubic;

    public bool Grayscale { get; init; }

    /// <summary>The format of a folder's outputs (a single output file's extension names its own): PNG, JPEG or BMP.</summary>
    public ImageFormat Format { get; init; } = ImageFormat.Png;

    /// <summary>JPEG quality and chroma sampling.</summary>
    public ImageSaveOptions SaveOptions { get; init; } = ImageSaveOptions.Default;
}

/// <summary>The outcome of a conversion: files written and files that failed, with the reason for each.</summary>
internal sealed record ConvertReport(IReadOnlyList<string> Written, IReadOnlyList<string> Failures)
{
    public bool Succeeded => Failures.Count == 0;
}

/// <summary>
/// Backs <c>pix2pix convert</c>: decodes every supported image (PNG, JPEG, BMP, PPM) and writes it as PNG (or JPEG, BMP),
/// keeping relative paths and base names (<c>in/a/b.jpg</c> → <c>out/a/b.png</c>). Inputs are never overwritten and
/// nothing is written outside the output folder.
/// </summary>
internal static class ImageConverter
{
    /// <summary>Converts all images; problems with single files are collected in the report, not thrown.</summary>
    /// <exception cref="DataException">The input does not exist, holds no images, two inputs would write the same file, or an output would overwrite an input.</exception>
    public static ConvertReport Convert(ConvertRequest request, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Resize is { } size && (size.Width < 1 || size.Height < 1))
            throw new DataException($"--resize {size.Width}x{size.Height} is not a size; give WIDTHxHEIGHT with both at least 1, e.g. --resize 256x256.");
        var jobs = Plan(request);
        var written = new List<string>();
        var failures = new List<string>();
        foreach ((string source, string target) in jobs)
        {
            try
            {
                Image image = ImageCodecs.Load(source);
                if (request.Grayscale)
                    image = ImageOps.ToGray(image);
                if (request.Resize is { } s && (s.Width != image.Width || s.Height != image.Height))
                    image = ImageResize.Resize(image, s.Width, s.Height, request.Filter);
                ImageCodecs.Save(image, target, request.SaveOptions);
                written.Add(target);
                log?.WriteLine($"{source} -> {target} ({image.Width}x{image.Height})");
            }
            catch (Exception ex) when (ex is ImageDecodeException or IOException or UnauthorizedAccessException)
            {
                failures.Add(ex.Message.StartsWith(source, StringComparison.Ordinal) ? ex.Message : $"{source}: {ex.Message}");   // decoder messages name the file already
            }
        }
        return new ConvertReport(written, failures);
    }

    /// <summary>The (source, target) pairs a request will process, in sorted source order.</summary>
    public static IReadOnlyList<(string Source, string Target)> Plan(ConvertRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (File.Exists(request.Input))
        {
            (string, string)[] single = [(request.Input, SingleFileTarget(request.Input, request.Output, request.Format))];
            OutputPaths.RefuseOverwritingInputs(single);
            return single;
        }
        if (!Directory.Exists(request.Input))
            throw new DataException($"Input '{request.Input}' does not exist; give an image file or a folder of images.");
        if (File.Exists(request.Output))
            throw new DataException($"Output '{request.Output}' is a file, but the input is a folder; give an output folder.");
        var sources = ImageFolder.Scan(request.Input);
        if (sources.Count == 0)
            throw new DataException($"Found no images in '{request.Input}' (looked for {ImageFolder.ExtensionList}, in sub-folders too).");
        var jobs = new List<(string, string)>(sources.Count);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string source in sources)
        {
            string relative = Path.GetRelativePath(request.Input, source);
            string target = OutputPaths.Inside(request.Output, Path.ChangeExtension(relative, OutputPaths.Extension(request.Format)));
            if (seen.TryGetValue(target, out string? other))
                throw new DataException($"'{other}' and '{source}' would both be written to '{target}'; rename one of them (only the extension differs) and run again.");
            seen[target] = source;
            jobs.Add((source, target));
        }
        OutputPaths.RefuseOverwritingInputs(jobs);
        return jobs;
    }

    private static string SingleFileTarget(string input, string output, ImageFormat format)
    {
        if (Directory.Exists(output) || Path.EndsInDirectorySeparator(output) || !Path.HasExtension(output))
            return Path.Join(output, Path.ChangeExtension(Path.GetFileName(input), OutputPaths.Extension(format)));
        try
        {
            ImageCodecs.FormatForExtension(output);
        }
        catch (ArgumentException ex)
        {
            throw new DataException($"Output {ex.Message} Or give a folder.", ex);
        }
        return output;
    }
}
