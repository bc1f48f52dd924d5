using System.CommandLine;

namespace Pix2Pix.Cli.Commands;

/// <summary><c>pix2pix models …</c>: the authors' released pretrained generators.</summary>
public static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "The authors' pretrained pix2pix and CycleGAN generators: list them, or download one as the reference's scripts/download_*_model.sh do.");
        command.Subcommands.Add(ModelsDownloadCommand.Create());
        command.Subcommands.Add(ModelsListCommand.Create());
        return command;
    }
}
