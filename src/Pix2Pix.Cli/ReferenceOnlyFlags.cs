using System.CommandLine;

namespace Pix2Pix.Cli;

/// <summary>
/// Flags of the reference's train.py/test.py that mean nothing here (GPUs, the visdom display, Weights &amp; Biases).
/// Users' commands carry them over, so <c>train</c> and <c>test</c> accept them (hidden from help), ignore them and say so
/// in one line, instead of rejecting them with a misleading "did you mean". They are not saved in options.json.
/// </summary>
internal static class ReferenceOnlyFlags
{
    private const string Display = "there is no visdom display here: train --serve (or pix2pix serve) shows the run live in the browser, and the run's web/index.html shows the visuals and the loss plot";
    private const string Wandb = "there is no Weights & Biases logging here: losses go to loss_log.txt and web/index.html in the run folder";

    private static readonly (string Flag, bool IsSwitch, string Note)[] Flags =
    [
        ("gpu_ids", false, "this toolkit runs on the CPU; --num_threads sets how many cores it uses"),
        ("display_id", false, Display),
        ("display_port", false, Display),
        ("display_server", false, Display),
        ("display_env", false, Display),
        ("display_ncols", false, Display),
        ("use_wandb", true, Wandb),
        ("wandb_project_name", false, Wandb),
    ];

    /// <summary>Adds the flags to <paramref name="command"/>; returns them for <see cref="Note"/>.</summary>
    public static IReadOnlyList<(Option Option, string Note)> AddTo(Command command)
    {
        var added = new List<(Option, string)>();
        foreach (var (flag, isSwitch, note) in Flags)
        {
            Option option = isSwitch
                ? new Option<bool>("--" + flag) { Hidden = true }
                : new Option<string>("--" + flag) { Hidden = true };
            command.Options.Add(option);
            added.Add((option, note));
        }
        return added;
    }

    /// <summary>Writes one line per given flag: it is ignored, and why.</summary>
    public static void Note(ParseResult parse, IReadOnlyList<(Option Option, string Note)> flags, TextWriter error)
    {
        foreach (var (option, note) in flags)
        {
            if (parse.GetResult(option) is { Implicit: false })
                error.WriteLine($"note: {option.Name} is a flag of the reference that has no effect here, ignored: {note}.");
        }
    }
}
