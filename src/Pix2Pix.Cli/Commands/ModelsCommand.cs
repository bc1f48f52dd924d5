using System.CommandLine;

namespace Pix2Pix.Cli.Commands;

/// <summary><c>pix2pix models …</c>: the authors' released pretrained generators.</summary>
internal static class ModelsCommand
{
    public static Command Create() => CommandGroup.Create("models",
        "The authors' pretrained pix2pix and CycleGAN generators: list them, or download one as the reference's scripts/download_*_model.sh do.",
        ModelsDownloadCommand.Create(), ModelsListCommand.Create());
}
