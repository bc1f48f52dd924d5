namespace Pix2Pix.Cli.Dashboard;

/// <summary>The dashboard's settings: what <c>pix2pix serve</c> and <c>train --serve</c> pass, and the limits.</summary>
internal sealed class DashboardOptions
{
    public const int DefaultPort = 8097;   // the reference's visdom --display_port

    public string CheckpointsDir { get; init; } = "./checkpoints";

    public string ResultsDir { get; init; } = "./results";

    public string Host { get; init; } = "127.0.0.1";

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Required on every request when set; a non-loopback host without one gets a generated token.</summary>
    public string? Token { get; init; }

    public long MaxUploadBytes { get; init; } = 20_000_000;

    public long MaxPixels { get; init; } = 25_000_000;

    /// <summary>Translations at once (one core each).</summary>
    public int TranslateSlots { get; init; } = Environment.ProcessorCount;

    /// <summary>Translations waiting for a slot before new ones get 429.</summary>
    public int QueueLength { get; init; } = 4;

    public TimeSpan TranslateTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the live updates look at the run folders.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Tests only: awaited inside a translation slot before the translation runs.</summary>
    internal Func<Task>? TranslateGate { get; init; }
}
