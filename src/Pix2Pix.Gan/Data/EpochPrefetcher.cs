using System.Runtime.ExceptionServices;

namespace Pix2Pix.Gan.Data;

/// <summary>
/// Decodes one epoch's samples ahead of the consumer on background threads. Workers claim positions in order and
/// never run more than <c>window</c> positions ahead of the consumer; results are handed over by position, so the
/// order (and, with per-sample seeds, the content) does not depend on thread timing.
/// </summary>
internal sealed class EpochPrefetcher : IDisposable
{
    private readonly IImageDataset _dataset;
    private readonly int[] _order;
    private readonly ulong _seed;
    private readonly int _epoch;
    private readonly int _window;
    private readonly object _gate = new();
    private readonly DataSample?[] _results;
    private readonly ExceptionDispatchInfo?[] _errors;
    private readonly bool[] _done;
    private readonly Thread[] _threads;
    private int _nextToClaim;
    private int _consumed;
    private bool _stopped;

    /// <param name="first">The first position to decode (earlier ones are skipped).</param>
    public EpochPrefetcher(IImageDataset dataset, int[] order, int first, ulong seed, int epoch, int threads, int window)
    {
        _nextToClaim = first;
        _consumed = first;
        _dataset = dataset;
        _order = order;
        _seed = seed;
        _epoch = epoch;
        _window = window;
        _results = new DataSample?[order.Length];
        _errors = new ExceptionDispatchInfo?[order.Length];
        _done = new bool[order.Length];
        _threads = new Thread[threads];
        for (int i = 0; i < threads; i++)
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"pix2pix data {i}" };
    }

    public void Start()
    {
        foreach (var t in _threads)
            t.Start();
    }

    /// <summary>The sample at <paramref name="position"/>; positions must be taken in increasing order.</summary>
    public DataSample Take(int position)
    {
        if (_threads.Length == 0)
            return Load(position);
        DataSample? sample;
        ExceptionDispatchInfo? error;
        lock (_gate)
        {
            while (!_done[position])
            {
                ObjectDisposedException.ThrowIf(_stopped, this);
                Monitor.Wait(_gate);
            }
            sample = _results[position];
            error = _errors[position];
            _results[position] = null;
            _consumed = position + 1;
            Monitor.PulseAll(_gate);
        }
        error?.Throw();
        return sample!;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }
        foreach (var t in _threads)
        {
            if (t.IsAlive && t != Thread.CurrentThread)
                t.Join();
        }
    }

    private DataSample Load(int position)
    {
        int index = _order[position];
        return _dataset.GetItem(index, DataRandom.ForSample(_seed, _epoch, index));
    }

    private void Work()
    {
        while (true)
        {
            int position;
            lock (_gate)
            {
                while (!_stopped && _nextToClaim < _order.Length && _nextToClaim >= _consumed + _window)
                    Monitor.Wait(_gate);
                if (_stopped || _nextToClaim >= _order.Length)
                    return;
                position = _nextToClaim++;
            }
            DataSample? sample = null;
            ExceptionDispatchInfo? error = null;
            try
            {
                sample = Load(position);
            }
#pragma warning disable CA1031 // Any failure is handed to the consumer, who rethrows it at this sample.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                error = ExceptionDispatchInfo.Capture(ex);
            }
            lock (_gate)
            {
                _results[position] = sample;
                _errors[position] = error;
                _done[position] = true;
                Monitor.PulseAll(_gate);
            }
        }
    }
}
