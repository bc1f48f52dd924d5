namespace Pix2Pix.Gan.Data;

/// <summary>
/// The reference's data flags as a typed record (defaults as in the reference's base options). Property names map
/// to flags: DataRoot ↔ <c>--dataroot</c>, Phase ↔ <c>--phase</c>, MaxDatasetSize ↔ <c>--max_dataset_size</c>
/// (<see cref="int.MaxValue"/> = inf), SerialBatches ↔ <c>--serial_batches</c>, InputNc ↔ <c>--input_nc</c>, …
/// Call <see cref="Validate"/> before use; it throws a <see cref="DataException"/> saying which flag to change.
/// </summary>
internal sealed record DataOptions
{
    public string DataRoot { get; init; } = "";

    public string Phase { get; init; } = "train";

    public DatasetMode DatasetMode { get; init; } = DatasetMode.Unaligned;

    public Direction Direction { get; init; } = Direction.AtoB;

    public int MaxDatasetSize { get; init; } = int.MaxValue;

    /// <summary>Take images in order (no shuffle; unaligned B index = index mod |B|).</summary>
    public bool SerialBatches { get; init; }

    public int InputNc { get; init; } = 3;

    public int OutputNc { get; init; } = 3;

    public int LoadSize { get; init; } = 286;

    public int CropSize { get; init; } = 256;

    public PreprocessMode Preprocess { get; init; } = PreprocessMode.ResizeAndCrop;

    public bool NoFlip { get; init; }

    public int BatchSize { get; init; } = 1;

    /// <summary>Background decoding threads; 0 decodes on the caller's thread (as the reference's num_threads 0).</summary>
    public int NumThreads { get; init; } = 4;

    /// <summary>Seed for shuffling and augmentation; the same seed gives the same batches whatever <see cref="NumThreads"/>.</summary>
    public ulong Seed { get; init; }

    /// <summary>Image files to leave out (full paths as the folder scan gives them): the bad files <see cref="DatasetScan"/> found, with --skip_bad_images.</summary>
    public IReadOnlySet<string>? ExcludedImages { get; init; }

    /// <summary>Channels of the A images: input_nc, or output_nc when the direction is BtoA (as the reference).</summary>
    public int ChannelsA => Direction == Direction.BtoA ? OutputNc : InputNc;

    /// <summary>Channels of the B images: output_nc, or input_nc when the direction is BtoA.</summary>
    public int ChannelsB => Direction == Direction.BtoA ? InputNc : OutputNc;

    /// <summary>Throws a <see cref="DataException"/> naming the first flag that is out of range and what to use instead.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataRoot))
            throw new DataException("--dataroot is empty; give the folder that holds your images (for aligned data, the folder that contains train/, val/, test/).");
        if (DatasetMode != DatasetMode.Single && string.IsNullOrWhiteSpace(Phase))
            throw new DataException("--phase is empty; use train, val or test (the sub-folder of --dataroot to read).");
        if (MaxDatasetSize < 1)
            throw new DataException($"--max_dataset_size {MaxDatasetSize} must be 1 or more (leave it out to use every image).");
        if (BatchSize < 1)
            throw new DataException($"--batch_size {BatchSize} must be 1 or more.");
        if (NumThreads < 0)
            throw new DataException($"--num_threads {NumThreads} must be 0 (decode on the main thread) or more.");
        if (LoadSize < 1)
            throw new DataException($"--load_size {LoadSize} must be 1 or more.");
        if (CropSize < 1)
            throw new DataException($"--crop_size {CropSize} must be 1 or more.");
        if ((Preprocess is PreprocessMode.ResizeAndCrop or PreprocessMode.ScaleWidthAndCrop) && CropSize > LoadSize)
            throw new DataException(
                $"--crop_size {CropSize} is larger than --load_size {LoadSize}, but --preprocess {DataModeNames.Name(Preprocess)} crops after resizing to the load size; " +
                $"use --load_size {CropSize} or more, or a --crop_size of {LoadSize} or less.");
        if (DatasetMode == DatasetMode.Mnist)
        {
            if (InputNc != 1 || OutputNc != 1 || Direction != Direction.AtoB)
                throw new DataException(
                    $"--dataset_mode mnist gives gray digits (A) and their labels (B): use --input_nc 1 --output_nc 1 --direction AtoB, not --input_nc {InputNc} --output_nc {OutputNc} --direction {DataModeNames.Name(Direction)} (--model gan, cgan and dcgan set these).");
            return;
        }
        if (DatasetMode == DatasetMode.Colorization)
        {
            if (InputNc != 1 || OutputNc != 2 || Direction != Direction.AtoB)
                throw new DataException(
                    $"--dataset_mode colorization needs --input_nc 1 --output_nc 2 --direction AtoB (L in, ab out), not --input_nc {InputNc} --output_nc {OutputNc} --direction {DataModeNames.Name(Direction)}.");
            return;
        }
        if (InputNc is not (1 or 3))
            throw new DataException($"--input_nc {InputNc} is not supported by --dataset_mode {DataModeNames.Name(DatasetMode)}; use 3 (RGB) or 1 (grayscale).");
        if (OutputNc is not (1 or 3))
            throw new DataException($"--output_nc {OutputNc} is not supported by --dataset_mode {DataModeNames.Name(DatasetMode)}; use 3 (RGB) or 1 (grayscale).");
    }
}
