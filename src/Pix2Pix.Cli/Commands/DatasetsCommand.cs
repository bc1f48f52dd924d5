using System.CommandLine;

namespace Pix2Pix.Cli.Commands;

/// <summary><c>pix2pix datasets …</c>: get data to train on.</summary>
internal static class DatasetsCommand
{
    public static Command Create() => CommandGroup.Create("datasets",
        "Get datasets: download the authors' official ones, generate a synthetic facades dataset offline, or combine A/ and B/ folders into aligned pairs.",
        DatasetsDownloadCommand.Create(), DatasetsSyntheticCommand.Create(), DatasetsCombineCommand.Create());
}
