using System.CommandLine;
using System.Globalization;
using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Data.Tools;
using Pix2Pix.Imaging;
using Pix2Pix.Imaging.Resize;

namespace Pix2Pix.Cli.Commands;

/// <summary><c>pix2pix convert INPUT OUTPUT [--resize WxH] [--filter …] [--grayscale] [--format …] [--quality Q]</c>: images → PNG, JPEG or BMP.</summary>
internal static class ConvertCommand
{
    private static readonly string[] FilterNames = ["nearest", "bilinear", "bicubic", "lanczos"];

    public static Command Create()
    {
        var input = new Argument<string>("INPUT") { Description = "An image file (PNG, JPEG, BMP, PPM) or a folder of them (sub-folders included)." };
        var output = new Argument<string>("OUTPUT") { Description = "For a file: the file to write (.png, .jpg, .jpeg or .bmp; the extension picks the format), or a folder. For a folder: the output folder; relative paths and base names are kept, with the extension of --format. Inputs are never overwritten." };
        var resize = new Option<string?>("--resize") { Description = "Resize every image to WIDTHxHEIGHT, e.g. 256x256. Without it images are only decoded and re-encoded.", HelpName = "WIDTHxHEIGHT" };
        var filter = new Option<string>("--filter") { Description = "Resampling filter for --resize, as PIL's.", DefaultValueFactory = _ => "bicubic" };
        filter.AcceptOnlyFromAmong(FilterNames);
        var grayscale = new Option<bool>("--grayscale") { Description = "Convert to one gray channel (PIL's convert('L'))." };
        var verbose = new Option<bool>("--verbose") { Description = "Print one line per file." };
        var format = SaveFlags.Format();
        var quality = SaveFlags.Quality();

        resize.Validators.Add(SaveFlags.ValidateSize);
        var command = new Command("convert", "Convert images (PNG, JPEG, BMP, PPM) to PNG (or JPEG, BMP), optionally resized and/or gray, e.g. to bring a dataset to one size.")
        {
            input, output, resize, filter, grayscale, verbose, format, quality,
        };
        command.SetAction(parse =>
        {
            TextWriter stdout = parse.InvocationConfiguration.Output;
            TextWriter stderr = parse.InvocationConfiguration.Error;
            try
            {
                var request = new ConvertRequest(parse.GetRequiredValue(input), parse.GetRequiredValue(output))
                {
                    Resize = ParseSize(parse.GetValue(resize)),
                    Filter = ParseFilter(parse.GetValue(filter) ?? "bicubic"),
                    Grayscale = parse.GetValue(grayscale),
                    Format = SaveFlags.ParseFormat(parse.GetValue(format)),
                    SaveOptions = new ImageSaveOptions { Quality = parse.GetValue(quality) },
                };
                var report = ImageConverter.Convert(request, parse.GetValue(verbose) ? stdout : null);
                stdout.WriteLine($"Converted {report.Written.Count} image(s) under '{request.Output}'.");
                if (report.Succeeded)
                    return 0;
                foreach (string failure in report.Failures)
                    stderr.WriteLine($"error: {failure}");
                stderr.WriteLine($"{report.Failures.Count} image(s) could not be converted; fix or remove them and run again.");
                return 1;
            }
            catch (DataException ex)
            {
                stderr.WriteLine($"error: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>Parses WIDTHxHEIGHT (x or X); null stays null.</summary>
    /// <exception cref="DataException">The text is not two positive integers separated by x.</exception>
    public static (int Width, int Height)? ParseSize(string? text)
    {
        if (text is null)
            return null;
        string[] parts = text.Split('x', 'X');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int w)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            && w > 0 && h > 0)
            return (w, h);
        throw new DataException($"--resize '{text}' is not WIDTHxHEIGHT; use two positive whole numbers such as --resize 256x256.");
    }

    private static ResizeFilter ParseFilter(string name) => name switch
    {
        "nearest" => ResizeFilter.Nearest,
        "bilinear" => ResizeFilter.Bilinear,
        "lanczos" => ResizeFilter.Lanczos,
        _ => ResizeFilter.Bicubic,
    };
}
