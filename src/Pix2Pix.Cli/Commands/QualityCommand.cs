using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pix2Pix.Gan.Evaluation;
using Pix2Pix.Gan.Inference;

namespace Pix2Pix.Cli.Commands;

/// <summary>
/// <c>pix2pix quality --name RUN --classifier CLASSIFIER_RUN [--num N] [--seed S] [--json FILE]</c>: how good a noise
/// model's digits are, judged by a digit classifier trained with <c>--model classifier</c> (docs/quality.md).
/// </summary>
internal static class QualityCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "The run to judge (a --model gan, cgan, dcgan, wgangp or progan run on MNIST) under --checkpoints_dir.", Required = true };
        var checkpointsDir = new Option<string>("--checkpoints_dir") { Description = "Where the run folders are.", DefaultValueFactory = _ => "./checkpoints" };
        var epoch = new Option<string>("--epoch") { Description = "Which checkpoint of the run: latest, an epoch number, or iter_<n>.", DefaultValueFactory = _ => "latest" };
        var classifier = new Option<string>("--classifier") { Description = "The --model classifier run (its folder, or its name under --checkpoints_dir) that judges the digits.", Required = true };
        var num = new Option<int>("--num") { Description = "How many samples to draw and judge (100 to 100000).", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the noise.", DefaultValueFactory = _ => 0 };
        var dataroot = new Option<string?>("--dataroot") { Description = "The MNIST folder of the held-out digits (default: the classifier's --dataroot)." };
        var json = new Option<string?>("--json") { Description = "Also write the figures as JSON to this file.", HelpName = "FILE" };
        var command = new Command("quality", "Judge a trained gan, cgan, dcgan, wgangp or progan run's digits with a trained digit classifier: label accuracy (cgan), class coverage, confidence, and a Fréchet distance in the classifier's features.")
        {
            name, checkpointsDir, epoch, classifier, num, seed, dataroot, json,
        };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            int count = parse.GetValue(num);
            if (count is < 100 or > LatentSampler.MaxSamples)
                throw new ArgumentException($"--num {count} is out of range; use 100 to {LatentSampler.MaxSamples} (covariances of 128 features need many samples).");
            string dir = parse.GetValue(checkpointsDir) ?? "./checkpoints";
            string classifierRun = parse.GetRequiredValue(classifier);
            if (!Directory.Exists(classifierRun) && Directory.Exists(Path.Combine(dir, classifierRun)))
                classifierRun = Path.Combine(dir, classifierRun);
            var judge = DigitJudge.Load(classifierRun);
            var sampler = LatentSampler.Load(dir, parse.GetRequiredValue(name), parse.GetValue(epoch) ?? "latest");
            var report = SampleQuality.Measure(sampler, judge, count, unchecked((ulong)parse.GetValue(seed)), parse.GetValue(dataroot));
            Print(report, stdout);
            if (parse.GetValue(json) is { } file)
            {
                string tmp = file + ".tmp";
                File.WriteAllText(tmp, JsonSerializer.Serialize(report, Indented));
                File.Move(tmp, file, overwrite: true);
                stdout.WriteLine($"wrote {Path.GetFullPath(file)}");
            }
            return 0;
        });
        return command;
    }

    internal static void Print(QualityReport r, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"{r.Model}: {r.Samples} samples (seed {r.Seed}), judged by a classifier with {r.ClassifierAccuracy:P2} accuracy on {r.HeldOut} held-out digits"));
        if (r.LabelAccuracy is { } accuracy)
            output.WriteLine(string.Create(c, $"  classified as their label: {accuracy:P1}"));
        output.WriteLine(string.Create(c, $"  digits drawn (0-9):        {string.Join(" ", r.Histogram)}"));
        output.WriteLine(string.Create(c, $"  class entropy:             {r.EntropyBits:F3} bits (all ten equally: {Math.Log2(10):F3})"));
        output.WriteLine(string.Create(c, $"  mean confidence:           {r.MeanConfidence:F3}"));
        output.WriteLine(string.Create(c, $"  Fréchet distance to held-out digits in the classifier's features: {r.Frechet:F3}"));
    }
}
