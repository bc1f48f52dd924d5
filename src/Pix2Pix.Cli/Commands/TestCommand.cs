using System.CommandLine;
using Pix2Pix.Gan.Evaluation;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Cli.Commands;

/// <summary><c>pix2pix test</c>: the reference's test.py — a results page, and L1/PSNR/SSIM where targets exist.</summary>
internal static class TestCommand
{
    /// <summary>Flags that describe one run's machine or checkpoint choice, not the trained network: never copied from options.json.</summary>
    private static readonly HashSet<string> NotInherited = new(StringComparer.Ordinal) { "epoch", "load_iter", "num_threads", "batch_size", "serial_batches", "no_flip", "continue_train", "phase", "max_dataset_size" };

    /// <param name="model">The <c>--model</c> on the command line, if any: help shows its defaults.</param>
    public static Command Create(string? model = null)
    {
        var command = new Command("test", "Test a trained model on --phase (default test): writes results/<name>/<phase>_<epoch>/index.html with the model's visuals per image (pix2pix: real_A, fake_B, real_B; cycle_gan: real_A, fake_B, rec_A, real_B, fake_A, rec_B; test: real_A, fake) " +
            "and, where targets exist, prints mean L1, PSNR and SSIM and writes metrics.json. Architecture flags come from the run's options.json. --num_test defaults to all images (the reference stops at 50).");
        var binder = new OptionBinder(command, TestOptions.TestSpecs, CliDefaults.For(model, new TestOptions()));
        var referenceOnly = ReferenceOnlyFlags.AddTo(command);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            ReferenceOnlyFlags.Note(parse, referenceOnly, parse.InvocationConfiguration.Error);
            var options = new TestOptions();
            var given = binder.Bind(parse, options);
            Resolve(options, given);
            options.Validate();
            var run = new RunFolder(options.RunDirectory);
            var model = ModelFactory.Create(options, (ulong)options.Seed);
            string label = RunFolder.Label(options.Epoch, options.LoadIter);
            foreach (var (name, net) in model.Networks)
                run.LoadNetwork(net, label, name + options.ModelSuffix);
            string pageDir = Path.Combine(options.ResultsDir, options.Name, $"{options.Phase}_{label}");
            var metrics = Tester.Run(model, options, options.Phase, options.NumTest, options.Eval, pageDir,
                $"Experiment = {options.Name}, Phase = {options.Phase}, Epoch = {label}", output);
            output.WriteLine(metrics.Images > 0 ? $"metrics: {metrics.Describe()} (written to {Path.Combine(pageDir, "metrics.json")})" : "no paired target images: metrics skipped");
            output.WriteLine(Path.GetFullPath(Path.Combine(pageDir, "index.html")));
            return 0;
        });
        return command;
    }

    /// <summary>Fills flags not given from the run's options.json (when it exists), then applies the test overrides.</summary>
    public static void Resolve(TestOptions options, HashSet<string> given)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(given);
        var run = new RunFolder(options.RunDirectory);
        if (File.Exists(run.OptionsJson))
        {
            var except = new HashSet<string>(given.Concat(NotInherited), StringComparer.Ordinal);
            run.LoadOptions(options, except);
            // --model test on a CycleGAN run: one generator over single images, not the run's unaligned pairs. A model
            // that cannot be trained always runs on another model's run, so it reads its own dataset mode.
            if (ModelRegistry.Find(options.Model) is { TrainingRefusal: not null } testOnly && !given.Contains("dataset_mode"))
                options.DatasetMode = testOnly.DatasetMode;
        }
        else
        {
            options.ApplyModelDefaults(given);
        }
        options.ApplyTestOverrides();
    }
}
