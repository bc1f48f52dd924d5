using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Pix2Pix.Gan.Evaluation;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Synthetic;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Cli.Commands;

/// <summary>
/// <c>pix2pix demo</c>: the whole job with nothing downloaded — generate the synthetic facades dataset, train pix2pix
/// (label map → photo) for a few minutes, evaluate on held-out pairs beside the untrained network, write a results page.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var minutes = new Option<double>("--minutes") { Description = "Training time budget in minutes.", DefaultValueFactory = _ => 5.0 };
        var outDir = new Option<string>("--out") { Description = "Folder for the dataset, the run and the results.", DefaultValueFactory = _ => "./demo-run" };
        var size = new Option<int>("--size") { Description = "Image side in pixels (unet_128 needs 128).", DefaultValueFactory = _ => 128 };
        var count = new Option<int>("--count") { Description = "Number of synthetic training pairs.", DefaultValueFactory = _ => 200 };
        var ngf = new Option<int>("--ngf") { Description = "Generator width (# filters of the last conv layer); the reference uses 64.", DefaultValueFactory = _ => 32 };
        var seed = new Option<int>("--seed") { Description = "Seed for the dataset, the weights and the data order.", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--num_threads") { Description = "Threads for computation.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("demo", "Generate a synthetic facades dataset, train pix2pix on it for a few minutes (label map → photo), " +
            "and compare held-out L1/PSNR with the untrained network. Prints the results page's path as its last line.")
        {
            minutes, outDir, size, count, ngf, seed, threads,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            double budget = parse.GetValue(minutes);
            if (!(budget > 0))
                throw new ArgumentException($"--minutes {budget} must be positive, e.g. --minutes 2.");
            string root = Path.GetFullPath(parse.GetValue(outDir)!);
            int side = parse.GetValue(size);
            if (side % 128 != 0)
                throw new ArgumentException($"--size {side} must be a multiple of 128 (the demo trains unet_128); use 128 or 256.");
            int trainCount = parse.GetValue(count);
            if (trainCount < 1)
                throw new ArgumentException("--count must be 1 or more.");
            int s = parse.GetValue(seed);
            var opt = Options(root, side, parse.GetValue(ngf), s, parse.GetValue(threads));
            return Run(opt, trainCount, budget, output);
        });
        return command;
    }

    private static TrainOptions Options(string root, int side, int ngf, int seed, int threads) => new()
    {
        DataRoot = Path.Combine(root, "data"),
        CheckpointsDir = Path.Combine(root, "checkpoints"),
        Name = "synthetic_facades_label2photo",
        Model = "pix2pix",
        NetG = "unet_128",
        Norm = "batch",
        DatasetMode = "aligned",
        Direction = "BtoA",
        Ngf = ngf,
        Ndf = ngf,
        LoadSize = side,
        CropSize = side,
        Preprocess = "none",
        PoolSize = 0,
        GanMode = "vanilla",
        NEpochs = 1000,
        NEpochsDecay = 0,
        PrintFreq = 50,
        DisplayFreq = 200,
        UpdateHtmlFreq = 200,
        SaveLatestFreq = 1000,
        SaveEpochFreq = 1000,
        Seed = seed,
        NumThreads = threads,
    };

    private static int Run(TrainOptions opt, int trainCount, double minutes, TextWriter output)
    {
        string root = Path.GetDirectoryName(opt.DataRoot)!;
        var watch = Stopwatch.StartNew();
        int testCount = Math.Max(8, trainCount / 10);
        SyntheticFacades.WriteDataset(opt.DataRoot, trainCount, Math.Max(1, trainCount / 10), testCount, opt.CropSize, (ulong)opt.Seed);
        output.WriteLine($"dataset: {trainCount} training and {testCount} test pairs of synthetic facades at {opt.CropSize}x{opt.CropSize} in {opt.DataRoot} ({watch.Elapsed.TotalSeconds:F1} s)");

        var test = TestOptions.FromTraining(opt);
        var untrained = ModelFactory.Create(test, (ulong)opt.Seed);
        var before = Tester.Run(untrained, test, "test", int.MaxValue, eval: false, pageDir: null, title: "untrained");
        output.WriteLine($"untrained generator on the test split: {before.Describe()}");

        if (Directory.Exists(opt.RunDirectory))
            Directory.Delete(opt.RunDirectory, recursive: true);
        var budget = TimeSpan.FromMinutes(minutes);
        var trainWatch = Stopwatch.StartNew();
        TrainResult result;
        using (var trainer = new Trainer(opt, output))
        {
            output.WriteLine($"training pix2pix ({opt.NetG}, ngf {opt.Ngf}, batch norm, {opt.NumThreads} threads) for {minutes.ToString(CultureInfo.InvariantCulture)} min…");
            result = trainer.Train(() => trainWatch.Elapsed >= budget);
        }
        output.WriteLine($"trained {result.TotalIters} steps ({result.TotalIters / Math.Max(1e-9, trainWatch.Elapsed.TotalSeconds):F2} steps/s) in {trainWatch.Elapsed.TotalMinutes:F1} min");

        var trained = ModelFactory.Create(test, (ulong)opt.Seed);
        new RunFolder(opt.RunDirectory).LoadNetwork(trained.Network("G"), "latest", "G");
        string pageDir = Path.Combine(root, "results");
        var after = Tester.Run(trained, test, "test", int.MaxValue, eval: false, pageDir,
            $"pix2pix demo: synthetic facades, label map → photo ({result.TotalIters} training steps)");
        output.WriteLine($"trained generator on the test split:   {after.Describe()}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"L1 {before.L1:F4} -> {after.L1:F4}, PSNR {before.Psnr:F2} -> {after.Psnr:F2} dB (training page: {Path.Combine(opt.RunDirectory, "web", "index.html")})"));
        output.WriteLine(Path.Combine(pageDir, "index.html"));
        return 0;
    }
}
