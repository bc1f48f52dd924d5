namespace Pix2Pix.Gan.Options;

/// <summary>
/// What <c>--continue_train</c> does with the flags given again (docs/continue.md). A run's <c>options.json</c> supplies
/// every flag not given. A given flag either <b>defines the run</b> (architecture, data, schedule, losses: the change
/// is saved in options.json, so the next continue and <c>test</c> see it) or is <b>one-off</b>: it chooses what this
/// process loads or how it runs (<c>--epoch</c>, <c>--load_iter</c>, <c>--max_dataset_size</c>, print and save
/// frequencies, threads…), applies to this process only, and options.json keeps the saved value.
/// <c>--name</c> and <c>--checkpoints_dir</c> locate the run: always the ones given (or their defaults).
/// </summary>
internal static class ContinueFlags
{
    /// <summary>Flags that choose what this process loads or how it runs; never saved by a continue.</summary>
    public static readonly IReadOnlySet<string> OneOff = new HashSet<string>(StringComparer.Ordinal)
    {
        "continue_train", "epoch", "load_iter", "epoch_count", "max_dataset_size", "num_threads", "verbose",
        "print_freq", "display_freq", "update_html_freq", "no_html", "save_latest_freq", "save_epoch_freq", "save_by_iter",
        "skip_bad_images", "reset_optimizer",
    };

    /// <summary>
    /// One-off flags that choose what to load: the command line's or their defaults, never a saved value (a folder
    /// written before this rule may hold <c>"epoch": "1"</c> from an old continue).
    /// </summary>
    public static readonly IReadOnlySet<string> LoadChoice = new HashSet<string>(StringComparer.Ordinal) { "epoch", "load_iter", "epoch_count", "reset_optimizer" };

    /// <summary>Flags that say where the run folder is: the command line's, never the saved ones.</summary>
    public static readonly IReadOnlySet<string> Location = new HashSet<string>(StringComparer.Ordinal) { "name", "checkpoints_dir" };

    /// <summary>
    /// Merges a continue's command line (<paramref name="options"/>, with the flags actually typed in
    /// <paramref name="given"/>) with the run's <paramref name="saved"/> options. Returns the options this process runs
    /// with; their <see cref="TrainOptions.ToSave"/> is what options.json keeps and <see cref="TrainOptions.ContinueChanges"/>
    /// says, one line per flag, what the continue changes.
    /// </summary>
    public static TrainOptions Merge(TrainOptions options, ISet<string> given, TrainOptions saved)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(saved);
        var toSave = new TrainOptions();
        var changes = new List<string>();
        foreach (var spec in saved.Specs)
        {
            spec.Set(toSave, spec.Get(saved));
            if (Location.Contains(spec.Flag))
            {
                spec.Set(toSave, spec.Get(options));
                continue;
            }
            if (!given.Contains(spec.Flag))
            {
                if (!LoadChoice.Contains(spec.Flag))
                    spec.Set(options, spec.Get(saved));
                continue;
            }
            if (spec.Flag == "continue_train")
                continue;
            string before = spec.Format(saved);
            string now = spec.Format(options);
            if (OneOff.Contains(spec.Flag))
            {
                changes.Add(before == now
                    ? $"--{spec.Flag} {now} (for this run only)"
                    : $"--{spec.Flag} {now} for this run only (options.json keeps {before})");
                continue;
            }
            spec.Set(toSave, spec.Get(options));
            if (before != now)
                changes.Add($"--{spec.Flag} {before} -> {now} (saved in options.json)");
        }
        options.ContinueTrain = true;
        options.ToSave = toSave;
        options.ContinueChanges = changes;
        return options;
    }
}
