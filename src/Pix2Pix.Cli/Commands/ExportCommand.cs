using System.CommandLine;
using Pix2Pix.Gan.Interop;

namespace Pix2Pix.Cli.Commands;

/// <summary><c>pix2pix export --checkpoint RUN_OR_FILE --format pth --output DIR_OR_FILE</c>: our weights for PyTorch.</summary>
public static class ExportCommand
{
    private static readonly string[] Formats = ["pth"];

    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A run folder (checkpoints/<name>) or one weights file (.safetensors or .pth).", Required = true };
        var format = new Option<string>("--format") { Description = "pth: PyTorch state dicts that torch.load(path, weights_only=True) reads; a run folder becomes the reference's layout (train_opt.txt, <label>_net_<name>.pth, loss_log.txt).", DefaultValueFactory = _ => "pth" };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<string>("--output") { Description = "For a run folder: the folder to create (e.g. the reference's checkpoints/<name>). For a file: the .pth to write, or an existing folder.", Required = true };
        var command = new Command("export", "Export weights for PyTorch: a run folder that the reference's train.py --continue_train and test.py load, or a single .pth file.")
        {
            checkpoint, format, output,
        };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var written = ReferenceRun.Export(parse.GetRequiredValue(checkpoint), parse.GetRequiredValue(output));
            foreach (string file in written)
                stdout.WriteLine(file);
            stdout.WriteLine($"exported {written.Count} file(s)");
            return 0;
        });
        return command;
    }
}
