using System.Globalization;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Gan.Models;

namespace Pix2Pix.Gan.Training;

/// <summary>
/// Where training stands: the epoch, how many of its batches are done, images seen in total, and whether the epoch is
/// closed (its end-of-epoch learning-rate step taken). Saved with the model's training state in one safetensors file
/// (one atomic write), so a run killed at any moment resumes from the last save exactly as if it had never stopped.
/// </summary>
internal sealed record TrainingPosition(int Epoch, int BatchesDone, long TotalIters, bool EpochClosed = false)
{
    public const string Format = "pix2pix-dotnet-train-state/1";

    public static void Save(string path, GanModel model, TrainingPosition position)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (tensors, meta) = model.ExportTrainingState();
        Save(path, tensors, meta, position);
    }

    /// <summary>Saves a training state already exported with <see cref="GanModel.ExportTrainingState"/>.</summary>
    public static void Save(string path, Engine.StateDict tensors, Dictionary<string, string> meta, TrainingPosition position) =>
        Checkpoint.Save(path, tensors, WithPosition(meta, position));

    /// <summary>Writes the safetensors bytes of a training state to <paramref name="stream"/> (a staged file of a commit).</summary>
    internal static void Write(Stream stream, Engine.StateDict tensors, Dictionary<string, string> meta, TrainingPosition position) =>
        SafeTensors.Write(stream, tensors, WithPosition(meta, position), checksum: true);

    private static Dictionary<string, string> WithPosition(Dictionary<string, string> meta, TrainingPosition position)
    {
        ArgumentNullException.ThrowIfNull(meta);
        ArgumentNullException.ThrowIfNull(position);
        meta["format"] = Format;
        meta["epoch"] = position.Epoch.ToString(CultureInfo.InvariantCulture);
        meta["batches_done"] = position.BatchesDone.ToString(CultureInfo.InvariantCulture);
        meta["total_iters"] = position.TotalIters.ToString(CultureInfo.InvariantCulture);
        meta["epoch_closed"] = position.EpochClosed ? "true" : "false";
        return meta;
    }

    /// <summary>Loads a training state into <paramref name="model"/> and returns the position it was saved at.</summary>
    public static TrainingPosition Load(string path, GanModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (tensors, meta) = SafeTensors.Read(path);
        Checkpoint.ThrowIfNonFinite(tensors, Path.GetFullPath(path));
        if (!meta.TryGetValue("format", out var format) || format != Format)
            throw new InvalidDataException($"{path} is not a training state of this version (format '{format}'); start a new run, or continue from the network files alone by removing it.");
        model.LoadTrainingState(tensors, meta, path);
        return new TrainingPosition(
            (int)Count(meta, "epoch", path, int.MaxValue),
            (int)Count(meta, "batches_done", path, int.MaxValue),
            Count(meta, "total_iters", path, long.MaxValue),
            meta.TryGetValue("epoch_closed", out var closed) && closed == "true");
    }

    /// <summary>A non-negative count from the state's metadata, or an error naming the file and the entry.</summary>
    private static long Count(IReadOnlyDictionary<string, string> meta, string key, string path, long most) =>
        meta.TryGetValue(key, out string? text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value <= most
            ? value
            : throw new InvalidDataException($"{path}: the training state's '{key}' entry is {(text is null ? "missing" : $"'{text}', not a count")}; the file is damaged. "
                + "Continue from an earlier copy, or remove it to continue from the network files alone.");
}
