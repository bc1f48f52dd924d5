using System.IO.Compression;
using Pix2Pix.Imaging.Bmp;
using Pix2Pix.Imaging.Jpeg;
using Pix2Pix.Imaging.Png;
using Pix2Pix.Imaging.Ppm;

namespace Pix2Pix.Imaging;

/// <summary>
/// Loads and saves images, choosing the decoder from the file's first bytes (not its extension): PNG, JPEG, BMP and
/// Netpbm (PBM/PGM/PPM). Decoded channels follow the file: 1 (gray), 3 (RGB) or 4 (RGBA);
/// <see cref="Pix2Pix.Imaging.Image"/> users need not convert: a generator converts its input as Pillow's
/// <c>convert('RGB')</c> (or <c>'L'</c>) would.
/// </summary>
public static class ImageCodecs
{
    /// <summary>Reads and decodes the image file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ImageDecodeException">The file is not a supported image, is corrupt, or is larger than <paramref name="maxPixels"/>.</exception>
    public static Image Load(string path, long maxPixels = DecodeLimits.DefaultMaxPixels)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(Directory.Exists(path)
                ? $"'{path}' is a folder, not an image file; pass the path of a PNG, JPEG, BMP or PPM file."
                : $"The image file '{path}' does not exist; check the path (relative paths start at '{Directory.GetCurrentDirectory()}').", path);
        }

        return Decode(File.ReadAllBytes(path), path, maxPixels);
    }

    /// <summary>Decodes an image held in memory; <paramref name="sourceName"/> names it in error messages.</summary>
    /// <exception cref="ImageDecodeException">The data is not a supported image, is corrupt, or is larger than <paramref name="maxPixels"/>.</exception>
    public static Image Decode(ReadOnlySpan<byte> data, string sourceName, long maxPixels = DecodeLimits.DefaultMaxPixels)
    {
        switch (DetectFormat(data))
        {
            case ImageFormat.Png:
                return PngDecoder.Decode(data, sourceName, maxPixels);
            case ImageFormat.Jpeg:
                return JpegDecoder.Decode(data, sourceName, maxPixels);
            case ImageFormat.Bmp:
                return BmpDecoder.Decode(data, sourceName, maxPixels);
            case ImageFormat.Pnm:
                return PnmDecoder.Decode(data, sourceName, maxPixels);
            case ImageFormat.Tiff:
                throw new ImageDecodeException(sourceName, "byte 0", "TIFF is not supported; convert it to PNG or JPEG with an image tool (e.g. ImageMagick: `convert in.tif out.png`) and try again");
            case ImageFormat.Gif:
                throw new ImageDecodeException(sourceName, "byte 0", "GIF is not supported; convert it to PNG or JPEG with an image tool (e.g. ImageMagick: `convert in.gif out.png`) and try again");
            case ImageFormat.WebP:
                throw new ImageDecodeException(sourceName, "byte 0", "WebP is not supported; convert it to PNG or JPEG with an image tool (e.g. ImageMagick: `convert in.webp out.png`) and try again");
            default:
                string what = data.Length == 0 ? "the file is empty" : $"the first bytes ({Convert.ToHexString(data[..Math.Min(8, data.Length)])}) match no supported format";
                throw new ImageDecodeException(sourceName, "byte 0", $"{what}; supported formats are PNG, JPEG, BMP and PBM/PGM/PPM");
        }
    }

    /// <summary>The format named by the data's magic bytes, or <see cref="ImageFormat.Unknown"/>.</summary>
    public static ImageFormat DetectFormat(ReadOnlySpan<byte> data)
    {
        if (PngDecoder.IsPng(data))
            return ImageFormat.Png;
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
            return ImageFormat.Jpeg;
        if (BmpDecoder.IsBmp(data))
            return ImageFormat.Bmp;
        if (PnmDecoder.IsPnm(data))
            return ImageFormat.Pnm;
        if (data.StartsWith("II*\0"u8) || data.StartsWith("MM\0*"u8))
            return ImageFormat.Tiff;
        if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8))
            return ImageFormat.Gif;
        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data[8..].StartsWith("WEBP"u8))
            return ImageFormat.WebP;
        return ImageFormat.Unknown;
    }

    /// <summary>Encodes <paramref name="image"/> as PNG (8-bit gray, RGB or RGBA).</summary>
    public static byte[] EncodePng(Image image, CompressionLevel level = CompressionLevel.Optimal) => PngEncoder.Encode(image, level);

    /// <summary>
    /// Writes <paramref name="image"/> as a PNG file. The data goes to a temporary file in the same folder that is then
    /// renamed over <paramref name="path"/>, so readers never see a half-written file. Creates the folder if needed.
    /// </summary>
    public static void SavePng(Image image, string path, CompressionLevel level = CompressionLevel.Optimal)
    {
        ArgumentNullException.ThrowIfNull(image);
        WriteAtomically(path, stream => PngEncoder.Encode(image, stream, level));
    }

    /// <summary>The extensions <see cref="Save"/> knows, as a list for messages.</summary>
    public const string SaveExtensionList = ".png, .jpg, .jpeg, .bmp";

    /// <summary>The format an output file name asks for by its extension (case-insensitive): PNG, JPEG or BMP.</summary>
    /// <exception cref="ArgumentException">The extension is none of <see cref="SaveExtensionList"/>.</exception>
    public static ImageFormat FormatForExtension(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string extension = Path.GetExtension(path);
        return extension.ToUpperInvariant() switch
        {
            ".PNG" => ImageFormat.Png,
            ".JPG" or ".JPEG" => ImageFormat.Jpeg,
            ".BMP" => ImageFormat.Bmp,
            _ => throw new ArgumentException(extension.Length == 0
                ? $"'{path}' has no extension, so its image format is unknown; end it in one of {SaveExtensionList}."
                : $"'{path}': the extension '{extension}' is not a format images can be written in; use one of {SaveExtensionList}."),
        };
    }

    /// <summary>Encodes <paramref name="image"/> in <paramref name="format"/> (PNG, JPEG or BMP).</summary>
    public static byte[] Encode(Image image, ImageFormat format, ImageSaveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        options ??= ImageSaveOptions.Default;
        return format switch
        {
            ImageFormat.Png => PngEncoder.Encode(image),
            ImageFormat.Jpeg => JpegEncoder.Encode(image, options.Quality, options.Subsampling),
            ImageFormat.Bmp => BmpEncoder.Encode(image),
            _ => throw new ArgumentException($"Images can be written as PNG, JPEG or BMP, not {format}.", nameof(format)),
        };
    }

    /// <summary>
    /// Writes <paramref name="image"/> in the format its extension names (<see cref="FormatForExtension"/>), atomically
    /// as <see cref="SavePng"/> does.
    /// </summary>
    public static void Save(Image image, string path, ImageSaveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ImageFormat format = FormatForExtension(path);
        if (format == ImageFormat.Png)
        {
            SavePng(image, path);
            return;
        }
        byte[] data = Encode(image, format, options);
        WriteAtomically(path, stream => stream.Write(data));
    }

    /// <summary>Writes to a temporary file beside <paramref name="path"/>, then renames it over <paramref name="path"/>.</summary>
    private static void WriteAtomically(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                write(stream);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
