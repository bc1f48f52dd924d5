using System.CommandLine;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Cli.Commands;

/// <summary><c>pix2pix train</c>: the reference's train.py with its flags and defaults (model defaults included).</summary>
internal static class TrainCommand
{
    /// <param name="model">The <c>--model</c> on the command line, if any: help shows its defaults.</param>
    public static Command Create(string? model = null)
    {
        var command = new Command("train", "Train a model (pix2pix: --model pix2pix --dataroot DIR with train/ holding A|B side-by-side images; " +
            "cycle_gan: --model cycle_gan --dataroot DIR with unpaired trainA/ and trainB/; colorization: --model colorization with RGB images in train/). " +
            "Writes checkpoints/<name>/: options.json, train_opt.txt, loss_log.txt, web/index.html, latest_net_*.safetensors and a training state for --continue_train.");
        var binder = new OptionBinder(command, TrainOptions.TrainSpecs, CliDefaults.For(model, new TrainOptions()));
        var referenceOnly = ReferenceOnlyFlags.AddTo(command);
        var dashboard = new Dashboard.DashboardFlags(includeServe: true);
        dashboard.AddTo(command);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            ReferenceOnlyFlags.Note(parse, referenceOnly, parse.InvocationConfiguration.Error);
            var options = new TrainOptions();
            var given = binder.Bind(parse, options);
            options = Resolve(options, given);
            using var trainer = new Trainer(options, output);
            if (TrainingProgress.Enabled)
                trainer.StepCompleted = new TrainingProgress(trainer.Model, options.EpochCount, trainer.LastEpoch, parse.InvocationConfiguration.Error).OnStep;
            using var interrupt = new TrainingInterrupt(parse.InvocationConfiguration.Error);
            using var served = parse.GetValue(dashboard.Serve!)
                ? Dashboard.TrainingDashboard.Start(dashboard.Options(parse, options.CheckpointsDir, "./results"), output, parse.InvocationConfiguration.Error)
                : null;
            var result = trainer.Train(() => interrupt.Requested);
            if (result.Stopped)
            {
                parse.InvocationConfiguration.Error.WriteLine($"interrupted: the latest weights and training state are saved in {result.RunDirectory}; "
                    + $"continue with: pix2pix train --name {options.Name} --checkpoints_dir {options.CheckpointsDir} --continue_train");
                return 130;
            }
            output.WriteLine($"training finished: {result.TotalIters} images seen; run folder {result.RunDirectory}");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Applies model defaults to flags not given; with --continue_train, the run's options.json supplies every flag not
    /// given again (so a resumed run needs only --name and --continue_train).
    /// </summary>
    public static TrainOptions Resolve(TrainOptions options, HashSet<string> given)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(given);
        var run = new RunFolder(options.RunDirectory);
        if (options.ContinueTrain && File.Exists(run.OptionsJson))
        {
            var saved = new TrainOptions();
            run.LoadOptions(saved);
            foreach (var spec in saved.Specs.Where(s => !given.Contains(s.Flag)))
                spec.Set(options, spec.Get(saved));
            options.ContinueTrain = true;
            return options;
        }
        options.ApplyModelDefaults(given);
        return options;
    }
}
