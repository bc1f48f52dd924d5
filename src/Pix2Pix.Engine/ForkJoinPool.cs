using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Pix2Pix.Engine;

/// <summary>
/// The engine's own fork–join loop: dedicated worker threads that stay awake (spinning) for a short while after each
/// loop, so the thousands of small parallel loops of a training step do not each pay a thread-pool wake-up. The
/// calling thread takes items too; items are handed out one at a time from a shared counter, so every item runs
/// exactly once whatever the number of threads (results do not depend on who runs an item).
/// <para>
/// One loop runs at a time: a call from another thread while a loop is running, or a loop started from inside a
/// loop's body, is refused (<see cref="TryRun"/> returns false) and the caller runs it some other way.
/// </para>
/// </summary>
internal sealed class ForkJoinPool
{
    public static readonly ForkJoinPool Shared = new();

    /// <summary>How long an idle worker spins before it blocks.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 µs

    /// <summary>Set in <see cref="_state"/> once the caller has finished its share: late workers must not join.</summary>
    private const int Closed = 1 << 30;

    [ThreadStatic]
    private static bool t_inLoop;

    /// <summary>True on a thread that is running a loop body (the caller's share or a worker's).</summary>
    public static bool InLoop => t_inLoop;

    private int _busy;
    private readonly List<Worker> _workers = [];

    // The current loop. Written by the caller before it opens the loop (_state = 0) and bumps _generation.
    private Action<int>? _body;
    private int _to;
    private int _next;
    private int _helpers;
    private Exception? _error;

    // Workers inside the current loop, plus Closed once the loop accepts no more.
    private int _state = Closed;
    private int _generation;

    /// <summary>
    /// Runs body(i) for i in [from, to) on the calling thread and up to degree − 1 workers, and returns when all are
    /// done (rethrowing the first exception a body threw). Returns false without running anything when a loop is
    /// already running (on another thread, or this call comes from inside a loop body).
    /// </summary>
    public bool TryRun(int from, int to, int degree, Action<int> body)
    {
        if (t_inLoop || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
            return false;
        try
        {
            int helpers = Math.Min(degree - 1, to - from - 1);
            EnsureWorkers(helpers);
            _body = body;
            _to = to;
            _next = from;
            _error = null;
            _helpers = helpers;
            Interlocked.Exchange(ref _state, 0);
            Interlocked.Increment(ref _generation);
            for (int i = 0; i < helpers; i++)
                _workers[i].WakeIfSleeping();

            t_inLoop = true;
            try
            {
                RunItems();
            }
            finally
            {
                t_inLoop = false;
            }

            // No more joiners; wait for the workers inside to finish their items.
            int state = Volatile.Read(ref _state);
            while (Interlocked.CompareExchange(ref _state, state | Closed, state) != state)
                state = Volatile.Read(ref _state);
            var spin = new SpinWait();
            while ((Volatile.Read(ref _state) & ~Closed) != 0)
                spin.SpinOnce(sleep1Threshold: -1);
            _body = null;
            if (_error is not null)
                ExceptionDispatchInfo.Throw(_error);
            return true;
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private void RunItems()
    {
        var body = _body!;
        int to = _to;
        try
        {
            for (int i = Interlocked.Increment(ref _next) - 1; i < to; i = Interlocked.Increment(ref _next) - 1)
                body(i);
        }
        catch (Exception ex)
        {
            Interlocked.CompareExchange(ref _error, ex, null);
            Volatile.Write(ref _next, to); // the others stop taking items
        }
    }

    private void EnsureWorkers(int count)
    {
        while (_workers.Count < count)
            _workers.Add(new Worker(this, _workers.Count));
    }

    /// <summary>A worker joins the open loop if its index is among the helpers; false when closed or not wanted.</summary>
    private bool TryJoin(int index)
    {
        while (true)
        {
            int state = Volatile.Read(ref _state);
            if ((state & Closed) != 0)
                return false;
            if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
                break;
        }
        if (index < Volatile.Read(ref _helpers))
            return true;
        Interlocked.Decrement(ref _state);
        return false;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Workers live as long as the process; their semaphore is never released early.")]
    private sealed class Worker
    {
        private readonly ForkJoinPool _pool;
        private readonly int _index;
        private readonly SemaphoreSlim _signal = new(0);
        private int _sleeping;

        public Worker(ForkJoinPool pool, int index)
        {
            _pool = pool;
            _index = index;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"pix2pix worker {index + 1}" };
            thread.Start();
        }

        public void WakeIfSleeping()
        {
            if (Interlocked.CompareExchange(ref _sleeping, 0, 1) == 1)
                _signal.Release();
        }

        private void Loop()
        {
            int seen = Volatile.Read(ref _pool._generation);
            while (true)
            {
                int generation = WaitForNewGeneration(seen);
                seen = generation;
                if (!_pool.TryJoin(_index))
                    continue;
                t_inLoop = true;
                try
                {
                    _pool.RunItems();
                }
                finally
                {
                    t_inLoop = false;
                    Interlocked.Decrement(ref _pool._state);
                }
            }
        }

        private int WaitForNewGeneration(int seen)
        {
            long start = Stopwatch.GetTimestamp();
            int spins = 0;
            while (true)
            {
                int generation = Volatile.Read(ref _pool._generation);
                if (generation != seen)
                    return generation;
                if (++spins < 64 || Stopwatch.GetTimestamp() - start < SpinTicks)
                {
                    Thread.SpinWait(20);
                    continue;
                }
                // Announce the sleep (a full fence), then look once more before blocking: the caller bumps the
                // generation before it checks for sleepers, so one of the two sees the other.
                Interlocked.Exchange(ref _sleeping, 1);
                if (Volatile.Read(ref _pool._generation) == seen)
                    _signal.Wait();
                Interlocked.Exchange(ref _sleeping, 0);
                start = Stopwatch.GetTimestamp();
                spins = 0;
            }
        }
    }
}
