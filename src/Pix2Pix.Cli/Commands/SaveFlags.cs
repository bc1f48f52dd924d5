using System.CommandLine;
using System.CommandLine.Parsing;
using Pix2Pix.Gan.Data;
using Pix2Pix.Imaging;
using Pix2Pix.Imaging.Jpeg;

namespace Pix2Pix.Cli.Commands;

/// <summary>The output-file flags <c>convert</c> and <c>translate</c> share: <c>--format</c>, <c>--quality</c>, and the check of <c>--resize</c>.</summary>
internal static class SaveFlags
{
    public static Option<string> Format()
    {
        var option = new Option<string>("--format") { Description = "Format of the files written for a folder input: png, jpg or bmp. A single output file's extension names its own format.", DefaultValueFactory = _ => "png" };
        option.AcceptOnlyFromAmong("png", "jpg", "bmp");
        return option;
    }

    public static Option<int> Quality()
    {
        var option = new Option<int>("--quality") { Description = "JPEG quality 1–100, scaling the standard tables as Pillow does (75 is Pillow's default; 95 keeps detail).", DefaultValueFactory = _ => JpegEncoder.DefaultQuality };
        option.Validators.Add(r =>
        {
            int value = r.GetValueOrDefault<int>();
            if (value is < 1 or > 100)
                r.AddError($"--quality {value} is out of range; give 1 to 100 (e.g. --quality 95).");
        });
        return option;
    }

    public static ImageFormat ParseFormat(string? name) => name switch
    {
        "jpg" => ImageFormat.Jpeg,
        "bmp" => ImageFormat.Bmp,
        _ => ImageFormat.Png,
    };

    /// <summary>A parse-time check of a WIDTHxHEIGHT option, so a bad value is a command-line error (exit 2).</summary>
    public static void ValidateSize(OptionResult result)
    {
        try
        {
            ConvertCommand.ParseSize(result.GetValueOrDefault<string?>());
        }
        catch (DataException ex)
        {
            result.AddError(ex.Message);
        }
    }
}
