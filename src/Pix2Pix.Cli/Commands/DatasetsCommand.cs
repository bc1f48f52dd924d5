using System.CommandLine;

namespace Pix2Pix.Cli.Commands;

/// <summary><c>pix2pix datasets …</c>: get data to train on.</summary>
public static class DatasetsCommand
{
    public static Command Create()
    {
        var command = new Command("datasets", "Get datasets: download the authors' official ones, generate a synthetic facades dataset offline, or combine A/ and B/ folders into aligned pairs.");
        command.Subcommands.Add(DatasetsDownloadCommand.Create());
        command.Subcommands.Add(DatasetsSyntheticCommand.Create());
        command.Subcommands.Add(DatasetsCombineCommand.Create());
        return command;
    }
}
