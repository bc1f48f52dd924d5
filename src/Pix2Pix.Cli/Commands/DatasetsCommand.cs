using System.CommandLine;

namespace Pix2Pix.Cli.Commands;

/// <summary><c>pix2pix datasets …</c>: get data to train on.</summary>
public static class DatasetsCommand
{
    public static Command Create()
    {
        var command = new Command("datasets", "Get datasets: download the authors' official ones, or generate a synthetic facades dataset offline.");
        command.Subcommands.Add(DatasetsDownloadCommand.Create());
        command.Subcommands.Add(DatasetsSyntheticCommand.Create());
        return command;
    }
}
