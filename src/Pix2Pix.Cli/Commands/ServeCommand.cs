using System.CommandLine;
using Pix2Pix.Cli.Dashboard;

namespace Pix2Pix.Cli.Commands;

/// <summary>
/// <c>pix2pix serve</c>: the live dashboard over a checkpoints folder (docs/dashboard.md). It only reads the run
/// folders, so it can start, stop or crash while runs train.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var checkpointsDir = new Option<string>("--checkpoints_dir") { Description = "The folder of run folders to show.", DefaultValueFactory = _ => "./checkpoints" };
        var resultsDir = new Option<string>("--results_dir") { Description = "Where 'pix2pix test' wrote its results (for the test metrics).", DefaultValueFactory = _ => "./results" };
        var flags = new DashboardFlags(includeServe: false);
        var command = new Command("serve", "Serve the live dashboard: every run under --checkpoints_dir (status, losses, visuals of every epoch, "
            + "hardware, test metrics), comparison of runs, and a try-it page that translates uploaded or drawn images. Only reads the run folders.")
        {
            checkpointsDir, resultsDir,
        };
        flags.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var options = flags.Options(parse, parse.GetValue(checkpointsDir)!, parse.GetValue(resultsDir)!);
            if (!Directory.Exists(options.CheckpointsDir))
                parse.InvocationConfiguration.Error.WriteLine($"note: {Path.GetFullPath(options.CheckpointsDir)} does not exist yet; runs appear as soon as training creates it.");
            await using var server = await DashboardServer.StartAsync(options, cancel).ConfigureAwait(false);
            DashboardFlags.Announce(server, parse.InvocationConfiguration.Output);
            parse.InvocationConfiguration.Output.WriteLine("press Ctrl+C to stop");
            try
            {
                await server.WaitAsync(cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            return 0;
        });
        return command;
    }
}
