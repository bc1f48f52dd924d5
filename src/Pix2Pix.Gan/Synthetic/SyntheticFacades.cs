using System.IO.Compression;
using Pix2Pix.Imaging;
using Pix2Pix.Imaging.Png;

namespace Pix2Pix.Gan.Synthetic;

/// <summary>
/// A procedurally generated, deterministic stand-in for the pix2pix <c>facades</c> dataset, small and regular
/// enough for pix2pix to learn in minutes on a CPU.
/// <para>
/// Layout on disk (the reference's <c>aligned</c> mode): <c>DIR/train</c>, <c>DIR/val</c>, <c>DIR/test</c>, each
/// holding <c>1.png</c>, <c>2.png</c>, …; every file is size × (2·size): A (left) is the rendered photo and B
/// (right) the CMP-coloured label map — the same arrangement as the real facades, so label → photo is trained
/// with <c>--direction BtoA</c>, exactly as the reference's facades recipe.
/// </para>
/// <para>
/// Image <c>i</c> of the whole dataset depends only on (<c>i</c>, size, seed): train holds indices
/// 0 … train−1, val the next valCount, test the next testCount, so splits never share an image and adding
/// test images does not change the training set.
/// </para>
/// </summary>
internal static class SyntheticFacades
{
    public const int MinSize = 64;
    public const int MaxSize = 512;
    public const int DefaultSize = 256;
    public const int DefaultTrainCount = 200;
    public const int DefaultValCount = 20;
    public const int DefaultTestCount = 20;

    /// <summary>The label map and photo of image <paramref name="index"/>, each <paramref name="size"/>².</summary>
    public static (Image Label, Image Photo) Generate(int index, int size, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (size is < MinSize or > MaxSize)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"Synthetic facades are {MinSize} to {MaxSize} pixels square; choose a size in that range.");
        var rng = new SplitMix64(SplitMix64.Mix(seed ^ SplitMix64.Mix((ulong)index + 0x5851F42D4C957F2DUL)));
        var elements = FacadeLayout.Create(size, ref rng);
        var classMap = FacadeRenderer.Rasterize(elements, size);
        return (FacadeRenderer.RenderLabel(classMap, size), FacadeRenderer.RenderPhoto(elements, classMap, size, ref rng));
    }

    /// <summary>Image <paramref name="index"/> as one aligned A|B picture: photo on the left, labels on the right.</summary>
    public static Image GenerateAligned(int index, int size, ulong seed)
    {
        var (label, photo) = Generate(index, size, seed);
        return SideBySide(photo, label);
    }

    /// <summary>
    /// Writes the dataset as PNGs under <paramref name="outDir"/>/train, /val and /test (created if missing;
    /// existing files with the same names are overwritten). Returns the number of images written.
    /// </summary>
    public static int WriteDataset(string outDir, int trainCount, int valCount, int testCount, int size, ulong seed,
        IProgress<int>? progress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outDir);
        ArgumentOutOfRangeException.ThrowIfNegative(trainCount);
        ArgumentOutOfRangeException.ThrowIfNegative(valCount);
        ArgumentOutOfRangeException.ThrowIfNegative(testCount);
        if (size is < MinSize or > MaxSize)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"Synthetic facades are {MinSize} to {MaxSize} pixels square; choose a size in that range.");

        int written = 0;
        int offset = 0;
        foreach (var (phase, count) in new[] { ("train", trainCount), ("val", valCount), ("test", testCount) })
        {
            string dir = Path.Combine(outDir, phase);
            Directory.CreateDirectory(dir);
            for (int i = 0; i < count; i++)
            {
                var image = GenerateAligned(offset + i, size, seed);
                using (var file = File.Create(Path.Combine(dir, $"{i + 1}.png")))
                    PngEncoder.Encode(image, file, CompressionLevel.Fastest);
                written++;
                progress?.Report(written);
            }
            offset += count;
        }
        return written;
    }

    /// <summary>Places two images of equal height side by side (<paramref name="left"/> | <paramref name="right"/>).</summary>
    public static Image SideBySide(Image left, Image right)
    {
        if (left.Height != right.Height || left.Channels != right.Channels)
            throw new ArgumentException("Both halves need the same height and channel count.", nameof(right));
        var result = new Image(left.Width + right.Width, left.Height, left.Channels);
        for (int y = 0; y < left.Height; y++)
        {
            left.Pixels.AsSpan(y * left.Stride, left.Stride).CopyTo(result.Pixels.AsSpan(y * result.Stride));
            right.Pixels.AsSpan(y * right.Stride, right.Stride).CopyTo(result.Pixels.AsSpan(y * result.Stride + left.Stride));
        }
        return result;
    }
}
