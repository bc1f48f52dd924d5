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
            "Writes checkpoints/<name>/: options.json, train_opt.txt, loss_log.txt, web/index.html, tensorboard/ (with --tensorboard), latest_net_*.safetensors and a training state for --continue_train.");
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
            foreach (string change in options.ContinueChanges)
                output.WriteLine($"continue: {change}");
            // On a terminal the loss lines and messages print above the progress bar, never glued to it.
            using var console = TrainingProgress.Enabled ? new ProgressConsole(output, parse.InvocationConfiguration.Error, ProgressConsole.TerminalWidth) : null;
            using var lines = console is null ? null : new ProgressConsoleWriter(console, console.Output);
            using var errorLines = console is null ? null : new ProgressConsoleWriter(console, console.Error);
            using var trainer = new Trainer(options, lines ?? output);
            if (console is not null)
                trainer.StepCompleted = new TrainingProgress(trainer.Model, options.EpochCount, trainer.LastEpoch, console).OnStep;
            using var interrupt = new TrainingInterrupt(errorLines ?? parse.InvocationConfiguration.Error);
            using var served = parse.GetValue(dashboard.Serve!)
                ? Dashboard.TrainingDashboard.Start(dashboard.Options(parse, options.CheckpointsDir, "./results"), lines ?? output, errorLines ?? parse.InvocationConfiguration.Error)
                : null;
            var result = trainer.Train(() => interrupt.Requested);
            console?.ClearBar();
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
    /// given again (so a resumed run needs only --name and --continue_train), and one-off flags given again apply to this
    /// process only (<see cref="ContinueFlags"/>).
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
            return ContinueFlags.Merge(options, given, saved);
        }
        options.ApplyModelDefaults(given);
        return options;
    }
}
