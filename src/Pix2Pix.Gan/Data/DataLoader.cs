namespace Pix2Pix.Gan.Data;

/// <summary>
/// The reference's data loader: each epoch visits every sample once, shuffled with a seed (in order with
/// serial_batches), in batches of batch_size (the last batch may be smaller), decoded and augmented ahead of time on
/// num_threads background threads with a bounded window. Each sample's random choices come from
/// (seed, epoch, index), so batches are identical for any thread count.
/// </summary>
internal sealed class DataLoader : IDisposable
{
    private readonly DataOptions _options;
    private readonly object _gate = new();
    private readonly List<EpochPrefetcher> _running = [];
    private bool _disposed;

    public DataLoader(IImageDataset dataset, DataOptions options, int? prefetchSamples = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (prefetchSamples is < 1)
            throw new ArgumentOutOfRangeException(nameof(prefetchSamples), prefetchSamples, "Prefetch must be 1 sample or more.");
        Dataset = dataset;
        _options = options;
        PrefetchSamples = prefetchSamples ?? options.BatchSize + 2 * Math.Max(1, options.NumThreads);
    }

    /// <summary>The dataset that <paramref name="options"/> describe (see <see cref="DatasetFactory"/>) with its loader.</summary>
    /// <exception cref="DataException">An option is out of range, or the data folder is missing, empty or laid out for another mode.</exception>
    public static DataLoader Create(DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DataLoader(DatasetFactory.Create(options), options);
    }

    public IImageDataset Dataset { get; }

    /// <summary>Samples per epoch: min(len(dataset), max_dataset_size), as the reference's loader.</summary>
    public int Count => Math.Min(Dataset.Count, _options.MaxDatasetSize);

    /// <summary>Batches per epoch, counting the last partial batch.</summary>
    public int BatchCount => (Count + _options.BatchSize - 1) / _options.BatchSize;

    /// <summary>At most this many decoded samples wait ahead of the consumer.</summary>
    public int PrefetchSamples { get; }

    /// <summary>The dataset indices of an epoch, in the order they are served.</summary>
    public int[] EpochOrder(int epoch)
    {
        int[] order = new int[Dataset.Count];
        for (int i = 0; i < order.Length; i++)
            order[i] = i;
        if (!_options.SerialBatches)
            DataRandom.ForEpoch(_options.Seed, epoch).Shuffle(order);
        return order.Length == Count ? order : order[..Count];
    }

    /// <summary>
    /// The batches of one epoch. Background threads start on the first MoveNext and stop when the enumeration
    /// ends or is disposed (a foreach does both). A decode error surfaces at the batch it belongs to.
    /// <paramref name="skipBatches"/> starts later in the epoch (e.g. when resuming) without decoding the skipped
    /// samples; the remaining batches are the same as in a full pass.
    /// </summary>
    public IEnumerable<DataBatch> Epoch(int epoch, int skipBatches = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(skipBatches);
        int[] order = EpochOrder(epoch);
        int first = (int)Math.Min((long)skipBatches * _options.BatchSize, order.Length);
        return EnumerateEpoch(order, epoch, first);
    }

    public void Dispose()
    {
        EpochPrefetcher[] running;
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            running = [.. _running];
        }
        foreach (var p in running)
            p.Dispose();
    }

    private IEnumerable<DataBatch> EnumerateEpoch(int[] order, int epoch, int first)
    {
        var prefetcher = new EpochPrefetcher(Dataset, order, first, _options.Seed, epoch, _options.NumThreads, PrefetchSamples);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _running.Add(prefetcher);
        }
        try
        {
            prefetcher.Start();
            int batchSize = _options.BatchSize;
            for (int start = first; start < order.Length; start += batchSize)
            {
                int n = Math.Min(batchSize, order.Length - start);
                var samples = new DataSample[n];
                for (int i = 0; i < n; i++)
                    samples[i] = prefetcher.Take(start + i);
                yield return DataBatch.Stack(samples, new ArraySegment<int>(order, start, n));
            }
        }
        finally
        {
            prefetcher.Dispose();
            lock (_gate)
                _running.Remove(prefetcher);
        }
    }
}
