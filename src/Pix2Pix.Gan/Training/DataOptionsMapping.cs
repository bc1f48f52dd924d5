using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Training;

/// <summary>From the command's typed options to the data pipeline's.</summary>
internal static class DataOptionsMapping
{
    public static DataOptions From(BaseOptions o, string phase)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new DataOptions
        {
            DataRoot = o.DataRoot,
            Phase = phase,
            DatasetMode = DataModeNames.ParseDatasetMode(o.DatasetMode),
            Direction = DataModeNames.ParseDirection(o.Direction),
            MaxDatasetSize = o.MaxDatasetSize,
            SerialBatches = o.SerialBatches,
            InputNc = o.InputNc,
            OutputNc = o.OutputNc,
            LoadSize = o.LoadSize,
            CropSize = o.CropSize,
            Preprocess = DataModeNames.ParsePreprocess(o.Preprocess),
            NoFlip = o.NoFlip,
            BatchSize = o.BatchSize,
            NumThreads = o.NumThreads,
            Seed = (ulong)o.Seed,
        };
    }
}
