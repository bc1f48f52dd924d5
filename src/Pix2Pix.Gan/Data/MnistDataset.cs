using Pix2Pix.Engine;

namespace Pix2Pix.Gan.Data;

/// <summary>
/// <c>--dataset_mode mnist</c>: MNIST or Fashion-MNIST as their IDX files under <c>dataroot</c>
/// (<c>train-images-idx3-ubyte</c> + <c>train-labels-idx1-ubyte</c> and/or <c>t10k-…</c>, raw or <c>.gz</c>; the
/// <c>.idx3-ubyte</c> spelling works too). Every pair present is used, train first, then t10k: the GANs that read it
/// have no test split. A = the image as <c>ToTensor</c> then <c>Normalize((0.5,), (0.5,))</c> ([1, H, W] in [−1, 1]);
/// B = the label as a one-element tensor, so a batch's B is [N, 1]. With <see cref="DataOptions.CropSize"/> larger
/// than the images (dcgan_mnist32 wants 32×32), each image is padded with black (−1) to that side, centred.
/// </summary>
internal sealed class MnistDataset : IImageDataset
{
    private static readonly string[] Prefixes = ["train", "t10k"];
    private readonly List<Part> _parts = [];

    public MnistDataset(DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Folder = options.DataRoot;
        if (!Directory.Exists(Folder))
            throw new DataException($"--dataroot '{Folder}' does not exist; give the folder holding the MNIST files ({Expected}).");
        foreach (string prefix in Prefixes)
        {
            string? images = Find(Folder, prefix, "images", "idx3");
            string? labels = Find(Folder, prefix, "labels", "idx1");
            if (images is null && labels is null)
                continue;
            if (images is null || labels is null)
                throw new DataException($"'{images ?? labels}' has no partner: the {(images is null ? "images" : "labels")} file {prefix}-{(images is null ? "images-idx3" : "labels-idx1")}-ubyte(.gz) is missing from '{Folder}'. Download both files of the pair.");
            _parts.Add(Part.Load(images, labels));
        }
        if (_parts.Count == 0)
            throw new DataException($"'{Folder}' holds no MNIST files; --dataset_mode mnist expects {Expected}.");
        Height = _parts[0].Images.Dims[1];
        Width = _parts[0].Images.Dims[2];
        foreach (var p in _parts.Skip(1))
            if (p.Images.Dims[1] != Height || p.Images.Dims[2] != Width)
                throw new DataException($"'{p.Images.Path}' holds {p.Images.Dims[1]}x{p.Images.Dims[2]} images but '{_parts[0].Images.Path}' {Height}x{Width}; keep one dataset's files in one folder.");
        if (options.CropSize < Math.Max(Height, Width))
            throw new DataException($"--crop_size {options.CropSize} is smaller than the {Height}x{Width} images in '{Folder}'; --dataset_mode mnist pads images, it never crops: use --crop_size {Math.Max(Height, Width)} (or 32 to pad to 32x32).");
        Side = options.CropSize > Math.Max(Height, Width) ? options.CropSize : 0;
        // The first max_dataset_size samples, as the folder modes keep the first files: the rest are never served, so a
        // run can hold digits out (the classifier's defaults hold out t10k's last 1,000).
        Count = (int)Math.Min(_parts.Sum(p => (long)p.Images.Count), options.MaxDatasetSize);
    }

    private static string Expected =>
        "train-images-idx3-ubyte and train-labels-idx1-ubyte and/or t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each raw or .gz";

    public string Folder { get; }

    public int Count { get; }

    public bool HasB => true;

    /// <summary>The images' sides in the files (28 × 28 for MNIST).</summary>
    public int Height { get; }

    public int Width { get; }

    /// <summary>The padded side (0 when the images are served as stored).</summary>
    public int Side { get; }

    /// <summary>The label of sample <paramref name="index"/> (0–9).</summary>
    public int Label(int index)
    {
        var (part, i) = Locate(index);
        return part.Labels.Data[i];
    }

    public DataSample GetItem(int index, DataRandom random)
    {
        var (part, i) = Locate(index);
        int h = Height, w = Width, side = Side;
        int oh = side > 0 ? side : h, ow = side > 0 ? side : w;
        int top = (oh - h) / 2, left = (ow - w) / 2;
        var a = new float[oh * ow];
        Array.Fill(a, -1f);
        var pixels = part.Images.Data.AsSpan(i * h * w, h * w);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                a[(y + top) * ow + x + left] = (pixels[y * w + x] / 255f - 0.5f) / 0.5f;   // ToTensor, Normalize((0.5,), (0.5,))
        string at = "#" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new DataSample(new Tensor(a, 1, oh, ow), Tensor.FromArray([part.Labels.Data[i]], 1), part.Images.Path + at, part.Labels.Path + at);
    }

    private (Part Part, int Index) Locate(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        foreach (var p in _parts)
        {
            if (index < p.Images.Count)
                return (p, index);
            index -= p.Images.Count;
        }
        throw new InvalidOperationException("unreachable");
    }

    private static string? Find(string folder, string prefix, string kind, string idx)
    {
        foreach (string name in new[] { $"{prefix}-{kind}-{idx}-ubyte", $"{prefix}-{kind}.{idx}-ubyte" })
            foreach (string suffix in new[] { "", ".gz" })
            {
                string path = System.IO.Path.Combine(folder, name + suffix);
                if (File.Exists(path))
                    return path;
            }
        return null;
    }

    private sealed record Part(IdxFile Images, IdxFile Labels)
    {
        public static Part Load(string imagesPath, string labelsPath)
        {
            const string Again = "Download it again (e.g. from a MNIST or Fashion-MNIST mirror) and replace the file.";
            var images = IdxFile.Read(imagesPath, 3, Again);
            var labels = IdxFile.Read(labelsPath, 1, Again);
            if (images.Count != labels.Count)
                throw new DataException($"'{imagesPath}' holds {images.Count} images but '{labelsPath}' holds {labels.Count} labels; the two files must come from the same download. {Again}");
            int bad = Array.FindIndex(labels.Data, l => l > 9);
            if (bad >= 0)
                throw new DataException($"'{labelsPath}' has label {labels.Data[bad]} at index {bad}; MNIST labels are 0–9. {Again}");
            return new Part(images, labels);
        }
    }
}
