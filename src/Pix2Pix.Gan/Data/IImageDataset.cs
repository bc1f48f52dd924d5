namespace Pix2Pix.Gan.Data;

/// <summary>A dataset of the reference's modes: a fixed number of samples, each decoded and augmented on demand.</summary>
internal interface IImageDataset
{
    /// <summary>The number of samples (the reference's <c>__len__</c>).</summary>
    int Count { get; }

    /// <summary>Whether samples carry a B tensor (false for the single mode).</summary>
    bool HasB { get; }

    /// <summary>
    /// Decodes and transforms sample <paramref name="index"/>. Every random choice (crop, flip, unaligned B index)
    /// comes from <paramref name="random"/>, so the same generator state gives the same sample on any thread.
    /// Safe to call from several threads at once.
    /// </summary>
    DataSample GetItem(int index, DataRandom random);
}
