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
/// Buffers not used in the previous scope are dropped at each <see cref="Enter"/>, so the arena holds about one step's
/// working set. Not thread-safe: one thread enters a given arena at a time (worker threads of the kernels never
/// allocate tensors).
/// </summary>
public sealed class TensorArena
{
    /// <summary>Smaller buffers come from the heap: pooling them would save nothing.</summary>
    internal const int MinPooledLength = 1024;

    [ThreadStatic]
    private static TensorArena? t_current;

    private readonly Dictionary<int, Stack<float[]>> _free = [];
    private readonly HashSet<float[]> _inScope = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<float[]> _outstanding = new(ReferenceEqualityComparer.Instance);
    private readonly List<float[]> _handedOut = [];
    private bool _entered;

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
        foreach (var buffer in _inScope)
        {
            if (PoisonRecycled)
                Array.Fill(buffer, float.NaN);
            Push(buffer);
        }
        _inScope.Clear();
        _outstanding.Clear();
        _handedOut.Clear();
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
        if (!_entered || !ReferenceEquals(t_current, this))
            throw new InvalidOperationException("Transient() needs this arena entered on this thread; call it inside its Enter() scope.");
        return new TransientScope(this, _handedOut.Count);
    }

    private void ReleaseSince(int mark)
    {
        for (int i = mark; i < _handedOut.Count; i++)
        {
            if (_outstanding.Remove(_handedOut[i]))
                Push(_handedOut[i]);
        }
        _handedOut.RemoveRange(mark, _handedOut.Count - mark);
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

    /// <summary>A buffer from this arena whether or not it is entered (under <see cref="MinPooledLength"/>: from the heap).</summary>
    internal float[] Take(int length, bool zeroed) => length < MinPooledLength ? FromHeap(length, zeroed) : RentHere(length, zeroed);

    /// <summary>Gives back a buffer taken from this arena that the caller alone holds; others are left to the GC.</summary>
    internal void GiveBack(float[] buffer)
    {
        if (_outstanding.Remove(buffer))
            Push(buffer);
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

        internal TransientScope(TensorArena arena, int mark)
        {
            _arena = arena;
            _mark = mark;
        }

        public void Dispose()
        {
            if (_arena is not null && _arena._entered)
                _arena.ReleaseSince(_mark);
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
