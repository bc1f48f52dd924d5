namespace Pix2Pix.Gan.Data;

/// <summary>Creates the dataset that <see cref="DataOptions.DatasetMode"/> names (the reference's <c>create_dataset</c>).</summary>
internal static class DatasetFactory
{
    public static IImageDataset Create(DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.DatasetMode switch
        {
            DatasetMode.Aligned => new AlignedDataset(options),
            DatasetMode.Unaligned => new UnalignedDataset(options),
            DatasetMode.Single => new SingleDataset(options),
            DatasetMode.Colorization => new ColorizationDataset(options),
            DatasetMode.Mnist => new MnistDataset(options),
            DatasetMode.Labeled => new LabeledDataset(options),
            _ => throw new DataException($"Unknown dataset mode {options.DatasetMode}; use one of: {string.Join(", ", DataModeNames.AllDatasetModes)}."),
        };
    }
}
