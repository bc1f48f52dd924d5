namespace Pix2Pix.Cli.Dashboard;

/// <summary>
/// <c>train --serve</c>: the dashboard inside the training process, started on a background thread. Whatever happens
/// to it (the port taken, a failing request) is reported on standard error and never reaches training.
/// </summary>
internal sealed class TrainingDashboard : IDisposable
{
    private readonly Task<DashboardServer?> _server;
    private readonly TextWriter _output;
    private readonly string _checkpointsDir;

    private TrainingDashboard(Task<DashboardServer?> server, TextWriter output, string checkpointsDir)
    {
        _server = server;
        _output = output;
        _checkpointsDir = checkpointsDir;
    }

    public static TrainingDashboard Start(DashboardOptions options, TextWriter output, TextWriter error)
    {
        var server = Task.Run(async () =>
        {
            try
            {
                var started = await DashboardServer.StartAsync(options).ConfigureAwait(false);
                DashboardFlags.Announce(started, output);
                return started;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                error.WriteLine($"warning: the dashboard did not start ({ex.Message}); training goes on without it (pix2pix serve shows the run from another terminal).");
                return null;
            }
        });
        return new TrainingDashboard(server, output, options.CheckpointsDir);
    }

    public void Dispose()
    {
        try
        {
            if (_server.Wait(TimeSpan.FromSeconds(10)) && _server.Result is { } server)
            {
                server.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
                _output.WriteLine($"dashboard stopped with the training; 'pix2pix serve --checkpoints_dir {_checkpointsDir}' keeps showing the run");
            }
        }
        catch (AggregateException)
        {
            // stopping the dashboard must not turn a finished training into a failure
        }
    }
}
