using System.CommandLine;
using System.Globalization;
using Pix2Pix.Gan.Benchmarking;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Cli.Commands;

/// <summary><c>pix2pix bench-data</c>: decode speed (one thread) and data-loader throughput on a real dataset folder.</summary>
internal static class BenchDataCommand
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal)
    {
        "dataroot", "dataset_mode", "direction", "load_size", "crop_size", "preprocess", "no_flip", "batch_size", "num_threads", "input_nc", "output_nc", "seed",
    };

    public static Command Create()
    {
        var limit = new Option<int>("--max_images") { Description = "Use at most this many images.", DefaultValueFactory = _ => 400, HelpName = "int" };
        var phase = new Option<string>("--phase") { Description = "Sub-folder of --dataroot to read (aligned: train, val, test).", DefaultValueFactory = _ => "train" };
        var command = new Command("bench-data", "Measure images per second: decoding alone on one thread, and the data loader (decode + the reference's transforms + batching) with --num_threads.")
        {
            limit, phase,
        };
        var defaults = new TrainOptions { Model = "pix2pix" };
        defaults.ApplyModelDefaults(new HashSet<string>());
        var binder = new OptionBinder(command, TrainOptions.TrainSpecs.Where(s => Flags.Contains(s.Flag)).ToList(), defaults);
        command.SetAction(parse =>
        {
            var options = new TrainOptions { Model = "pix2pix" };
            var given = binder.Bind(parse, options);
            options.ApplyModelDefaults(given);
            int max = parse.GetValue(limit);
            if (max < 1)
                throw new ArgumentException("--max_images must be 1 or more.");
            var result = DataBench.Run(DataOptionsMapping.From(options, parse.GetValue(phase) ?? "train"), max);
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Images} images: decode {result.DecodeImagesPerSecond:F1} images/s (1 thread); loader {result.LoaderImagesPerSecond:F1} images/s ({options.DatasetMode}, {options.Preprocess} {options.LoadSize}->{options.CropSize}, {result.LoaderThreads} thread(s))"));
            return 0;
        });
        return command;
    }
}
