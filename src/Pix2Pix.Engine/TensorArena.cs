namespace Pix2Pix.Engine;

/// <summary>
/// Recycles the buffers of a repeated computation — one training step — so that a steady loop allocates nothing and
/// its memory stays flat. While a scope from <see cref="Enter"/> is open on a thread, every op on that thread takes its
/// output (and saved-for-backward) buffers from the arena instead of the garbage-collected heap, and backward passes
/// hand their intermediate gradient buffers back as soon as they are consumed.
/// <para>
/// The contract: tensors an op made inside a scope stay valid until the arena is entered again. The next
/// <see cref="Enter"/> takes back every buffer of the previous scope, so a result you want to keep beyond that (an image
/// for a pool, say) must be copied out with <see cref="Tensor.Clone"/> first. Parameters, their gradients and optimizer
/// state never come from an arena, and neither does anything made outside a scope or on another thread.
/// </para>
/// <para>
/// The loop that owns the steps — the trainer, tester, translator, benchmarks — enters the arena around each step;
/// the code inside (a model's <c>OptimizeParameters</c>) does not. With <see cref="DetectStaleTensors"/> on, reading a
/// recycled tensor throws <see cref="StaleTensorException"/> instead of returning another tensor's values.
/// </para>
/// Buffers not used in the previous scope are dropped at each <see cref="Enter"/>, so the arena holds about one step's
/// working set. Not thread-safe: one thread enters a given arena at a time (worker threads of the kernels never
/// allocate tensors).
/// </summary>
internal sealed class TensorArena
{
    /// <summary>Smaller buffers come from the heap: pooling them would save nothing.</summary>
    internal const int MinPooledLength = 1024;

    [ThreadStatic]
    private static TensorArena? t_current;

    private readonly Dictionary<int, Stack<float[]>> _free = [];
    private readonly HashSet<float[]> _inScope = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<float[]> _outstanding = new(ReferenceEqualityComparer.Instance);
    private readonly List<float[]> _handedOut = [];
    private readonly List<ArenaLease> _stepLeases = [];
    private ArenaLease? _lease;
    private int _step;
    private bool _entered;

#if DEBUG
    private const bool DetectByDefault = true;
#else
    private const bool DetectByDefault = false;
#endif

    /// <summary>
    /// Debugging aid: tensors made in an arena check on every read of their buffer (<see cref="Tensor.Data"/>) that the
    /// arena has not recycled it, and throw <see cref="StaleTensorException"/> if it has; recycled buffers are filled
    /// with NaN. On in Debug builds and in the test suites, off in Release builds (a read then costs one null check).
    /// Applies to arena scopes and regions opened after it is set.
    /// </summary>
    public static bool DetectStaleTensors { get; set; } = DetectByDefault;

    /// <summary>Bytes held in buffers of this arena (handed out in the current scope or free for the next).</summary>
    public long RetainedBytes
    {
        get
        {
            long bytes = 0;
            foreach (var b in _inScope)
                bytes += (long)b.Length * sizeof(float);
            foreach (var stack in _free.Values)
                foreach (var b in stack)
                    if (!_inScope.Contains(b))
                        bytes += (long)b.Length * sizeof(float);
            return bytes;
        }
    }

    /// <summary>Tests: fill recycled buffers with NaN, so an op that leaves part of its result unwritten shows.</summary>
    internal bool PoisonRecycled { get; set; }

    private bool Poison => PoisonRecycled || DetectStaleTensors;

    /// <summary>Whether this arena is entered on this thread, so that ops there take their buffers from it.</summary>
    public bool IsEntered => _entered && ReferenceEquals(t_current, this);

    /// <summary>Buffers allocated from the heap since this arena was made (a steady loop stops adding to it).</summary>
    public long HeapAllocations { get; private set; }

    /// <summary>
    /// Takes back every buffer handed out in the previous scope (tensors made then become invalid) and makes this arena
    /// the current one on this thread until the returned scope is disposed.
    /// </summary>
    public Scope Enter()
    {
        if (_entered)
            throw new InvalidOperationException("This arena is already entered; dispose its scope before entering it again (scopes of one arena do not nest).");
        _free.Clear();
        bool poison = Poison;
        foreach (var buffer in _inScope)
        {
            if (poison)
                Array.Fill(buffer, float.NaN);
            Push(buffer);
        }
        _inScope.Clear();
        _outstanding.Clear();
        _handedOut.Clear();
        _step++;
        foreach (var lease in _stepLeases)
            lease.Revoke($"when the arena entered step {_step}");
        _stepLeases.Clear();
        _lease = DetectStaleTensors ? NewLease() : null;
        _entered = true;
        var previous = t_current;
        t_current = this;
        return new Scope(this, previous);
    }

    /// <summary>
    /// Opens a region whose results are all dead when it ends: disposing the returned scope gives back every buffer handed
    /// out since, for the rest of the step to reuse (a discriminator update whose graph is spent, say). Only for code
    /// that keeps nothing an op made inside the region (scalars under 1024 values come from the heap and are safe).
    /// </summary>
    public TransientScope Transient()
    {
        if (!IsEntered)
            throw new InvalidOperationException("Transient() needs this arena entered on this thread; call it inside its Enter() scope.");
        var outer = _lease;
        if (DetectStaleTensors)
            _lease = NewLease();
        return new TransientScope(this, _handedOut.Count, outer);
    }

    /// <summary>
    /// A <see cref="Transient"/> region of the arena entered on this thread, or a scope that does nothing when none is
    /// (code run by a loop that may or may not own an arena: a model's discriminator update).
    /// </summary>
    public static TransientScope TransientOfEntered() => t_current is { } arena ? arena.Transient() : default;

    private void EndTransient(int mark, ArenaLease? outer)
    {
        bool poison = Poison;
        for (int i = mark; i < _handedOut.Count; i++)
        {
            if (_outstanding.Remove(_handedOut[i]))
            {
                if (poison)
                    Array.Fill(_handedOut[i], float.NaN);
                Push(_handedOut[i]);
            }
        }
        _handedOut.RemoveRange(mark, _handedOut.Count - mark);
        if (!ReferenceEquals(_lease, outer))
            _lease?.Revoke($"when a Transient() region of step {_step} ended");
        _lease = outer;
    }

    private ArenaLease NewLease()
    {
        var lease = new ArenaLease(_step);
        _stepLeases.Add(lease);
        return lease;
    }

    /// <summary>The arena entered on this thread, if any.</summary>
    internal static TensorArena? Current => t_current;

    /// <summary>
    /// A buffer of <paramref name="length"/> floats for an op's result: from the current arena when one is entered on
    /// this thread, otherwise from the heap. Zero-filled when <paramref name="zeroed"/>; otherwise its contents are
    /// arbitrary and the caller must write every element.
    /// </summary>
    internal static float[] Rent(int length, bool zeroed)
    {
        var arena = t_current;
        return arena is null ? FromHeap(length, zeroed) : arena.Take(length, zeroed);
    }

    /// <summary>
    /// <see cref="Rent(int, bool)"/> for a tensor's buffer: <paramref name="lease"/> says when the arena recycles it
    /// (null when the buffer is not the arena's, or stale-tensor detection is off).
    /// </summary>
    internal static float[] Rent(int length, bool zeroed, out ArenaLease? lease)
    {
        var arena = t_current;
        if (arena is null || length < MinPooledLength)
        {
            lease = null;
            return FromHeap(length, zeroed);
        }
        lease = arena._lease;
        return arena.RentHere(length, zeroed);
    }

    /// <summary>A buffer from this arena whether or not it is entered (under <see cref="MinPooledLength"/>: from the heap).</summary>
    internal float[] Take(int length, bool zeroed) => length < MinPooledLength ? FromHeap(length, zeroed) : RentHere(length, zeroed);

    /// <summary>Gives back a buffer taken from this arena that the caller alone holds; others are left to the GC.</summary>
    internal void GiveBack(float[] buffer)
    {
        if (_outstanding.Remove(buffer))
        {
            if (Poison)
                Array.Fill(buffer, float.NaN);
            Push(buffer);
        }
    }

    private static float[] FromHeap(int length, bool zeroed)
        => zeroed || length < MinPooledLength ? new float[length] : GC.AllocateUninitializedArray<float>(length);

    /// <summary>
    /// Gives back a buffer the caller alone holds (a consumed intermediate gradient), so later ops of the same scope can
    /// reuse it. Buffers that did not come from the current arena are left to the garbage collector.
    /// </summary>
    internal static void ReturnEarly(float[] buffer) => t_current?.GiveBack(buffer);

    private float[] RentHere(int length, bool zeroed)
    {
        float[] buffer;
        if (_free.TryGetValue(length, out var stack) && stack.Count > 0)
        {
            buffer = stack.Pop();
            if (zeroed)
                Array.Clear(buffer);
        }
        else
        {
            buffer = zeroed ? new float[length] : GC.AllocateUninitializedArray<float>(length);
            HeapAllocations++;
        }
        _inScope.Add(buffer);
        _outstanding.Add(buffer);
        _handedOut.Add(buffer);
        return buffer;
    }

    private void Push(float[] buffer)
    {
        if (!_free.TryGetValue(buffer.Length, out var stack))
            _free[buffer.Length] = stack = new Stack<float[]>();
        stack.Push(buffer);
    }

    /// <summary>Ends a <see cref="Transient"/> region: its buffers go back to the arena.</summary>
    public readonly struct TransientScope : IDisposable
    {
        private readonly TensorArena? _arena;
        private readonly int _mark;
        private readonly ArenaLease? _outer;

        internal TransientScope(TensorArena arena, int mark, ArenaLease? outer)
        {
            _arena = arena;
            _mark = mark;
            _outer = outer;
        }

        public void Dispose()
        {
            if (_arena is not null && _arena._entered)
                _arena.EndTransient(_mark, _outer);
        }
    }

    /// <summary>Ends the arena's scope on this thread (its tensors stay valid until the arena is entered again).</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly TensorArena? _arena;
        private readonly TensorArena? _previous;

        internal Scope(TensorArena arena, TensorArena? previous)
        {
            _arena = arena;
            _previous = previous;
        }

        public void Dispose()
        {
            if (_arena is null || !_arena._entered)
                return;
            _arena._entered = false;
            t_current = _previous;
        }
    }
}

/// <summary>
/// The buffers one arena scope, or one <see cref="TensorArena.Transient"/> region, handed out while stale-tensor
/// detection was on: tensors made on them keep it and check <see cref="Recycled"/> on every read.
/// </summary>
internal sealed class ArenaLease(int step)
{
    /// <summary>The arena's step (count of <see cref="TensorArena.Enter"/>) the buffers were handed out in.</summary>
    public int Step { get; } = step;

    /// <summary>When the buffers went back ("when the arena entered step 7"); null while they are valid.</summary>
    public string? RecycledWhen { get; private set; }

    public bool Recycled => RecycledWhen is not null;

    public void Revoke(string when) => RecycledWhen ??= when;
}
