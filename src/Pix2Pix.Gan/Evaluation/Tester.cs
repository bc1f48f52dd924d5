using System.Globalization;
using System.Text;
using System.Text.Json;
using Pix2Pix.Engine;
using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Training;
using Pix2Pix.Gan.Visuals;
using Pix2Pix.Imaging;
using Pix2Pix.Imaging.Resize;

namespace Pix2Pix.Gan.Evaluation;

/// <summary>Mean quality of a model's outputs against their targets over a test split.</summary>
internal sealed record TestMetrics(int Images, double L1, double Psnr, double Ssim)
{
    public string Describe() => Images == 0
        ? "no targets to compare with"
        : string.Create(CultureInfo.InvariantCulture, $"L1 {L1:F4}, PSNR {Psnr:F2} dB, SSIM {Ssim:F4} over {Images} images");
}

/// <summary>
/// The reference's test.py: runs a model over a split with batch 1, saves <c>images/&lt;name&gt;_&lt;visual&gt;.png</c> and
/// an <c>index.html</c> with one row per image, and — where paired targets exist (not unaligned) — L1 (on the [−1, 1] scale), PSNR and SSIM
/// (on the saved 8-bit images), written to <c>metrics.json</c> beside the page.
/// </summary>
internal static class Tester
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <param name="pageDir">Where to write the page and images; null computes metrics only.</param>
    /// <param name="eval">Eval mode (BatchNorm running statistics, no dropout); otherwise train mode as the paper tests.</param>
    public static TestMetrics Run(GanModel model, BaseOptions options, string phase, int numTest, bool eval, string? pageDir, string title, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var data = DataOptionsMapping.From(options, phase) with { BatchSize = 1, SerialBatches = true, NoFlip = true };
        (data, _) = DatasetScan.Prepare(data, options.SkipBadImages, log);
        var direction = DataModeNames.ParseDirection(options.Direction);
        float aspectRatio = options is TestOptions test ? test.AspectRatio : 1f;
        bool paired = data.DatasetMode != DatasetMode.Unaligned;   // unaligned B images are not the answers for A
        using var degree = Parallelism.WithDegree(options.NumThreads);
        using var loader = DataLoader.Create(data);
        model.SetTrainingMode(!eval);
        HtmlPage? page = pageDir is null ? null : new HtmlPage(title);
        if (pageDir is not null)
            Directory.CreateDirectory(Path.Combine(pageDir, "images"));
        double l1 = 0, psnr = 0, ssim = 0;
        int compared = 0, done = 0;
        var rows = new List<object>();
        foreach (var batch in loader.Epoch(0))
        {
            if (done >= numTest)
                break;
            // This batch's tensors are recycled by the next batch: everything below reads them before the loop moves on.
            using var memory = model.StepArena.Enter();
            var target = batch.Target(direction);
            model.SetInput(batch.Input(direction), target);
            using (Autograd.NoGrad())
                model.Forward();
            string name = Path.GetFileNameWithoutExtension((direction == Direction.AtoB ? batch.APaths : batch.BPaths ?? batch.APaths)[0]);
            var visuals = model.CurrentVisuals();
            var (fakeName, fake) = visuals.FirstOrDefault(v => v.Name.StartsWith("fake", StringComparison.Ordinal));
            // Compare with the fake's "real" twin where the model shows one (colorization: fake_B_rgb ↔ real_B_rgb), else the target.
            var reference = fakeName is null ? null : visuals.FirstOrDefault(v => v.Name == "real" + fakeName["fake".Length..]).Image;
            target = reference ?? target;
            if (page is not null)
            {
                foreach (var (label, tensor) in visuals)
                    ImageCodecs.SavePng(WithAspectRatio(TensorImage.ToImage(tensor), aspectRatio), Path.Combine(pageDir!, "images", $"{name}_{label}.png"));
                page.AddHeader(name);
                page.AddImages(visuals.Select(v => ($"images/{name}_{v.Name}.png", v.Name)), options.DisplayWinsize);
            }
            if (paired && target is not null && fake is not null && fake.SameShape(target))
            {
                var a = TensorImage.ToImage(fake);
                var b = TensorImage.ToImage(target);
                double imgL1 = ImageMetrics.MeanAbsoluteError(fake.Data, target.Data);
                double imgPsnr = ImageMetrics.Psnr(a.Pixels, b.Pixels);
                double imgSsim = ImageMetrics.Ssim(a.Pixels, b.Pixels, a.Width, a.Height, a.Channels);
                l1 += imgL1;
                psnr += Math.Min(imgPsnr, 100);
                ssim += imgSsim;
                compared++;
                rows.Add(new { image = name, l1 = imgL1, psnr = imgPsnr, ssim = imgSsim });
            }
            done++;
            if (log is not null && done % 10 == 0)
                log.WriteLine($"processing ({done:D4})-th image... {name}");
        }
        var metrics = compared == 0 ? new TestMetrics(0, 0, 0, 0) : new TestMetrics(compared, l1 / compared, psnr / compared, ssim / compared);
        if (pageDir is not null && page is not null)
        {
            if (compared > 0)
            {
                var sb = new StringBuilder("<table class=\"metrics\"><tr><th>images</th><th>L1 ([−1, 1])</th><th>PSNR (dB)</th><th>SSIM</th></tr>");
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{metrics.Images}</td><td>{metrics.L1:F4}</td><td>{metrics.Psnr:F2}</td><td>{metrics.Ssim:F4}</td></tr></table>");
                page.AddHtmlAtTop(sb.ToString());
                string json = JsonSerializer.Serialize(new { images = metrics.Images, l1 = metrics.L1, psnr = metrics.Psnr, ssim = metrics.Ssim, per_image = rows }, Indented);
                File.WriteAllText(Path.Combine(pageDir, "metrics.json"), json);
            }
            page.Save(Path.Combine(pageDir, "index.html"));
        }
        return metrics;
    }

    /// <summary>
    /// <c>--aspect_ratio</c> (width : height of the saved images, as the reference's save_image): above 1 the width
    /// becomes ⌊w·r⌋, below 1 the height becomes ⌊h / r⌋, bicubic; metrics are computed on the images before this.
    /// </summary>
    internal static Image WithAspectRatio(Image image, float aspectRatio)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (aspectRatio > 1f)
            return ImageResize.Resize(image, Math.Max(1, (int)(image.Width * (double)aspectRatio)), image.Height, ResizeFilter.Bicubic);
        if (aspectRatio < 1f)
            return ImageResize.Resize(image, image.Width, Math.Max(1, (int)(image.Height / (double)aspectRatio)), ResizeFilter.Bicubic);
        return image;
    }
}
