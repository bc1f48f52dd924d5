using System.CommandLine;

namespace Pix2Pix.Cli.Dashboard;

/// <summary>The dashboard flags of <c>serve</c> and <c>train --serve</c>: --port, --host, --token (and --serve).</summary>
internal sealed class DashboardFlags(bool includeServe)
{
    public Option<bool>? Serve { get; } = includeServe
        ? new Option<bool>("--serve") { Description = "Serve the live dashboard while training (the same as 'pix2pix serve' on --checkpoints_dir, inside this process; its failure never stops training)." }
        : null;

    public Option<int> Port { get; } = new("--port") { Description = "The dashboard's port (the reference's visdom port).", DefaultValueFactory = _ => DashboardOptions.DefaultPort };

    public Option<string> Host { get; } = new("--host") { Description = "The address to listen on. Any address other than 127.0.0.1/localhost requires a token on every request.", DefaultValueFactory = _ => "127.0.0.1" };

    public Option<string?> Token { get; } = new("--token") { Description = "The token requests must carry (?token=…, a cookie, or Authorization: Bearer). Generated and printed when --host is not loopback and none is given." };

    public void AddTo(Command command)
    {
        if (Serve is not null)
            command.Options.Add(Serve);
        command.Options.Add(Port);
        command.Options.Add(Host);
        command.Options.Add(Token);
        command.Validators.Add(result =>
        {
            int port = result.GetValue(Port);
            if (port is < 0 or > 65535)
                result.AddError($"--port {port} is not a port; use 1 to 65535 (0 picks a free one).");
            if (result.GetValue(Token) is { } token && (token.Length < 8 || token.Any(char.IsWhiteSpace)))
                result.AddError("--token must be at least 8 characters without spaces.");
        });
    }

    public DashboardOptions Options(ParseResult parse, string checkpointsDir, string resultsDir) => new()
    {
        CheckpointsDir = checkpointsDir,
        ResultsDir = resultsDir,
        Port = parse.GetValue(Port),
        Host = parse.GetValue(Host)!,
        Token = parse.GetValue(Token),
    };

    public static void Announce(DashboardServer server, TextWriter output)
    {
        output.WriteLine($"dashboard: {server.BrowserUrl}");
        if (server.Token is not null)
            output.WriteLine("every request needs the token above (the link sets a cookie; scripts send Authorization: Bearer <token>)");
    }
}
