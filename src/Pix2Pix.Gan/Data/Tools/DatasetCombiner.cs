using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Data.Tools;

/// <summary>The reference's <c>datasets/combine_A_and_B.py</c> flags.</summary>
internal sealed record CombineRequest(string FoldA, string FoldB, string FoldAB)
{
    /// <summary>At most this many A images per split (<c>--num_imgs</c>, default 1000000).</summary>
    public int NumImages { get; init; } = 1_000_000;

    /// <summary><c>--use_AB</c>: A files are named <c>*_A.*</c>, their partners <c>*_B.*</c>, outputs drop the suffix.</summary>
    public bool UseAB { get; init; }
}

/// <summary>
/// What happened in one split (sub-folder such as train, val, test): A images considered (after --num_imgs) of those
/// available, files written, A images without a B partner (skipped, as the reference does silently), and errors
/// (unreadable images, heights that differ).
/// </summary>
internal sealed record CombineSplitReport(string Split, int Considered, int Available, IReadOnlyList<string> Written, IReadOnlyList<string> Unpaired, IReadOnlyList<string> Errors);

/// <summary>
/// Backs <c>pix2pix datasets combine</c>: for each split sub-folder of fold_A, pairs every A image with the file of
/// the same name in fold_B/split and writes A|B side by side to fold_AB/split. Unlike the reference (cv2, same
/// extension as the input) the output is always PNG with the same base name; images are read as RGB.
/// </summary>
internal static class DatasetCombiner
{
    /// <exception cref="DataException">fold_A is missing or has no split sub-folders, or fold_B is missing.</exception>
    public static IReadOnlyList<CombineSplitReport> Combine(CombineRequest request, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.NumImages < 0)
            throw new DataException($"--num_imgs {request.NumImages} must be 0 or more.");
        if (!Directory.Exists(request.FoldA))
            throw new DataException($"--fold_A '{request.FoldA}' does not exist. The layout is fold_A/<split>/<name> and fold_B/<split>/<name> with matching names, e.g. A/train/1.jpg and B/train/1.jpg.");
        if (!Directory.Exists(request.FoldB))
            throw new DataException($"--fold_B '{request.FoldB}' does not exist. The layout is fold_A/<split>/<name> and fold_B/<split>/<name> with matching names, e.g. A/train/1.jpg and B/train/1.jpg.");
        string[] splits = Directory.GetDirectories(request.FoldA).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        if (splits.Length == 0)
            throw new DataException($"--fold_A '{request.FoldA}' has no split sub-folders; put the images in fold_A/train/, fold_A/val/, fold_A/test/ (and the same names under fold_B).");
        var reports = new List<CombineSplitReport>();
        foreach (string split in splits)
        {
            var report = CombineSplit(request, split);
            log?.WriteLine($"split = {split}, use {report.Considered}/{report.Available} images, wrote {report.Written.Count} pairs to {Path.Join(request.FoldAB, split)}");
            foreach (string unpaired in report.Unpaired)
                log?.WriteLine($"  warning: {unpaired}");
            foreach (string error in report.Errors)
                log?.WriteLine($"  error: {error}");
            reports.Add(report);
        }
        return reports;
    }

    private static CombineSplitReport CombineSplit(CombineRequest request, string split)
    {
        string foldA = Path.Join(request.FoldA, split);
        string foldB = Path.Join(request.FoldB, split);
        string foldAB = Path.Join(request.FoldAB, split);
        var names = Directory.GetFiles(foldA).Select(Path.GetFileName).OfType<string>()
            .Where(ImageFolder.IsImageFile)
            .Where(n => !request.UseAB || n.Contains("_A.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToArray();
        int count = Math.Min(request.NumImages, names.Length);
        if (!Directory.Exists(foldB))
            return new CombineSplitReport(split, count, names.Length, [], [$"'{foldB}' does not exist, so split '{split}' was skipped; create it with the B images named as in '{foldA}'."], []);
        Directory.CreateDirectory(foldAB);
        var written = new List<string>();
        var unpaired = new List<string>();
        var errors = new List<string>();
        for (int i = 0; i < count; i++)
        {
            string nameA = names[i];
            string nameB = request.UseAB ? nameA.Replace("_A.", "_B.", StringComparison.Ordinal) : nameA;
            string nameAB = request.UseAB ? nameA.Replace("_A.", ".", StringComparison.Ordinal) : nameA;
            string pathA = Path.Join(foldA, nameA);
            string pathB = Path.Join(foldB, nameB);
            if (!File.Exists(pathB))
            {
                unpaired.Add($"'{pathA}' has no partner '{pathB}'; skipped.");
                continue;
            }
            try
            {
                Image a = ImageOps.ToRgb(ImageCodecs.Load(pathA));
                Image b = ImageOps.ToRgb(ImageCodecs.Load(pathB));
                if (a.Height != b.Height)
                {
                    errors.Add($"'{pathA}' is {a.Width}x{a.Height} but '{pathB}' is {b.Width}x{b.Height}; the heights must match to place them side by side (resize one with `pix2pix convert --resize`); skipped.");
                    continue;
                }
                string target = Path.Join(foldAB, Path.ChangeExtension(nameAB, ".png"));
                ImageCodecs.SavePng(SideBySide(a, b), target);
                written.Add(target);
            }
            catch (Exception ex) when (ex is ImageDecodeException or IOException or UnauthorizedAccessException)
            {
                errors.Add($"{ex.Message} Skipped.");
            }
        }
        return new CombineSplitReport(split, count, names.Length, written, unpaired, errors);
    }

    /// <summary>Places two RGB images of equal height side by side: A on the left, B on the right.</summary>
    public static Image SideBySide(Image a, Image b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Height != b.Height || a.Channels != b.Channels)
            throw new ArgumentException($"A ({a.Width}x{a.Height}x{a.Channels}) and B ({b.Width}x{b.Height}x{b.Channels}) need the same height and channels.", nameof(b));
        int c = a.Channels;
        var ab = new Image(a.Width + b.Width, a.Height, c);
        for (int y = 0; y < a.Height; y++)
        {
            Array.Copy(a.Pixels, y * a.Width * c, ab.Pixels, y * ab.Width * c, a.Width * c);
            Array.Copy(b.Pixels, y * b.Width * c, ab.Pixels, (y * ab.Width + a.Width) * c, b.Width * c);
        }
        return ab;
    }
}
