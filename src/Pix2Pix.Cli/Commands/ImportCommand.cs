using System.CommandLine;
using Pix2Pix.Gan.Interop;

namespace Pix2Pix.Cli.Commands;

/// <summary><c>pix2pix import REFERENCE_RUN [--name N] [--checkpoints_dir D]</c>: a run folder of the reference's train.py becomes ours.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("REFERENCE_RUN") { Description = "A run folder written by pytorch-CycleGAN-and-pix2pix's train.py: train_opt.txt, <label>_net_<name>.pth, loss_log.txt." };
        var name = new Option<string?>("--name") { Description = "The name of the imported run (default: the name in train_opt.txt)." };
        var checkpointsDir = new Option<string>("--checkpoints_dir") { Description = "Where the run folder is created.", DefaultValueFactory = _ => "./checkpoints" };
        var command = new Command("import", "Import a run of the reference's trainer (e.g. trained on GPUs with DataParallel or DDP): options, weights and loss history, ready for test, translate and train --continue_train.")
        {
            folder, name, checkpointsDir,
        };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            string? given = parse.GetValue(name);
            if (given is not null && (given.Length == 0 || given.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || given is "." or ".."))
                throw new ArgumentException($"--name '{given}' is not a folder name; use letters, digits, '_' or '-'.");
            var run = ReferenceRun.Import(parse.GetRequiredValue(folder), parse.GetValue(checkpointsDir) ?? "./checkpoints", given);
            stdout.WriteLine($"imported a {run.Model} run into {run.Folder}: networks {string.Join(", ", run.Networks)} at {string.Join(", ", run.Labels)}"
                + (run.LossLogKept ? "; loss_log.txt kept" : ""));
            if (run.IgnoredFlags.Count > 0)
                stdout.WriteLine($"flags of the reference that do not apply here, ignored: {string.Join(", ", run.IgnoredFlags)}");
            stdout.WriteLine($"the reference saves no optimizer state: 'pix2pix train --name {Path.GetFileName(run.Folder)} --continue_train --epoch_count {run.NextEpoch}' "
                + "continues from the latest networks with Adam starting fresh, as the reference's own --continue_train does (the imported epoch snapshots are kept)");
            return 0;
        });
        return command;
    }
}
