using System.Globalization;
using System.Numerics;

namespace Pix2Pix.Engine.Optim;

/// <summary>
/// Adam with the exact semantics of <c>torch.optim.Adam</c> (amsgrad off, no weight decay, single-tensor path):
/// <code>
/// m = β1·m + (1−β1)·g            (fused multiply-add, as PyTorch's vectorised add)
/// v = β2·v + (1−β2)·g·g          (fused multiply-add, as PyTorch's vectorised addcmul)
/// p = p − (lr / (1−β1^t)) · m / (sqrt(v) / sqrt(1−β2^t) + ε)
/// </code>
/// Element math is float32; the scalars (bias corrections, step size) are computed in double from the
/// hyper-parameters as typed (0.9f is taken as 0.9), then rounded to float, as PyTorch does with Python floats.
/// Like PyTorch, every parameter keeps its own step count and its moments are created on its first gradient;
/// parameters whose <see cref="Tensor.Grad"/> is null are skipped.
/// </summary>
internal sealed partial class Adam
{
    private const int ChunkSize = 1 << 16;

    // Below this many elements a step runs on the calling thread: threads would cost more than they save.
    private const long ParallelThreshold = 4L * ChunkSize;

    private readonly Tensor[] _parameters;
    private readonly float[]?[] _expAvg;
    private readonly float[]?[] _expAvgSq;
    private readonly long[] _steps;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _eps;

    // Per-parameter scalars of the current step, and the chunks of work, prepared serially before the update.
    private readonly float[] _negStepSize;
    private readonly float[] _bias2Sqrt;
    private readonly List<(int Param, int Start, int Length)> _chunks = [];
    private readonly Action<int> _runChunk;
    private double _learningRate;

    public Adam(IEnumerable<Tensor> parameters, float learningRate, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToArray();
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (_parameters[i] is null)
                throw new ArgumentException($"Parameter {i} is null; pass only the module's parameter tensors.", nameof(parameters));
            for (int j = 0; j < i; j++)
                if (ReferenceEquals(_parameters[i], _parameters[j]))
                    throw new ArgumentException($"Parameters {j} and {i} are the same tensor; pass each parameter once.", nameof(parameters));
        }
        CheckHyperParameter(learningRate, 0, double.PositiveInfinity, nameof(learningRate));
        CheckHyperParameter(beta1, 0, 1, nameof(beta1));
        CheckHyperParameter(beta2, 0, 1, nameof(beta2));
        CheckHyperParameter(eps, 0, double.PositiveInfinity, nameof(eps));
        _learningRate = AsTyped(learningRate);
        _beta1 = AsTyped(beta1);
        _beta2 = AsTyped(beta2);
        _eps = AsTyped(eps);
        int n = _parameters.Length;
        _expAvg = new float[]?[n];
        _expAvgSq = new float[]?[n];
        _steps = new long[n];
        _negStepSize = new float[n];
        _bias2Sqrt = new float[n];
        _runChunk = RunChunk;
    }

    /// <summary>The learning rate of the next <see cref="Step"/>. Schedulers set it once per epoch.</summary>
    public float LearningRate
    {
        get => (float)_learningRate;
        set
        {
            CheckHyperParameter(value, 0, double.PositiveInfinity, nameof(value));
            _learningRate = AsTyped(value);
        }
    }

    /// <summary>The learning rate at double precision, as PyTorch keeps it in <c>param_groups[0]['lr']</c>.</summary>
    internal double LearningRateExact
    {
        get => _learningRate;
        set => _learningRate = value;
    }

    public float Beta1 => (float)_beta1;

    public float Beta2 => (float)_beta2;

    public float Eps => (float)_eps;

    /// <summary>How many times <see cref="Step"/> has run (restored with the state).</summary>
    public long StepCount { get; private set; }

    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>Updates every parameter that has a gradient, by one Adam step.</summary>
    public void Step()
    {
        long start = OpProfiler.Enabled ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        StepCore();
        if (OpProfiler.Enabled)
            OpProfiler.Record("optimizer Adam.Step", start);
    }

    private void StepCore()
    {
        // Check every gradient before changing any state, so a bad one leaves the optimizer as it was. (Reading Grad also
        // clears, here on this thread, any still marked zero by ZeroGrad before the chunks below read them in parallel.)
        for (int i = 0; i < _parameters.Length; i++)
        {
            Tensor p = _parameters[i];
            if (p.Grad is not null && p.Grad.Length != p.Count)
                throw new InvalidOperationException($"Parameter {i} ({p}) has a gradient of {p.Grad.Length} elements instead of {p.Count}; gradients must have the parameter's shape.");
        }
        _chunks.Clear();
        long elements = 0;
        for (int i = 0; i < _parameters.Length; i++)
        {
            Tensor p = _parameters[i];
            if (p.Grad is null)
                continue;
            if (_expAvg[i] is null)
            {
                _expAvg[i] = new float[p.Count];
                _expAvgSq[i] = new float[p.Count];
            }
            long t = ++_steps[i];
            double bias1 = 1 - Math.Pow(_beta1, t);
            double bias2 = 1 - Math.Pow(_beta2, t);
            _negStepSize[i] = (float)-(_learningRate / bias1);
            _bias2Sqrt[i] = (float)Math.Sqrt(bias2);
            elements += AddChunks(_chunks, i, p.Count);
        }
        StepCount++;
        RunChunks(_chunks.Count, elements, _runChunk);
    }

    /// <summary>Splits parameter <paramref name="index"/>'s <paramref name="count"/> elements into chunks; returns count.</summary>
    private static int AddChunks(List<(int Param, int Start, int Length)> chunks, int index, int count)
    {
        for (int start = 0; start < count; start += ChunkSize)
            chunks.Add((index, start, Math.Min(ChunkSize, count - start)));
        return count;
    }

    /// <summary>Runs <paramref name="body"/> over the chunks, on the calling thread when there is little work.</summary>
    private static void RunChunks(int chunks, long elements, Action<int> body)
        => Parallelism.ForIfWorthwhile(chunks, elements, body, ParallelThreshold);

    /// <summary>
    /// Sets every existing gradient to zero (buffers are kept, not reallocated). Lazily (<see cref="Tensor.MarkGradZero"/>):
    /// a convolution's weight gradient then writes its first product over the buffer instead of adding it to zeros, so
    /// neither the clearing pass (230 MB for pix2pix's G and D) nor the products' first reading of the zeros happens;
    /// any other reader of the gradient finds it cleared.
    /// </summary>
    public void ZeroGrad()
    {
        long start = OpProfiler.Enabled ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        foreach (Tensor p in _parameters)
            p.MarkGradZero();
        if (OpProfiler.Enabled)
            OpProfiler.Record("optimizer Adam.ZeroGrad", start);
    }

    private void RunChunk(int chunk)
    {
        (int i, int start, int length) = _chunks[chunk];
        Update(
            _parameters[i].Grad.AsSpan(start, length),
            _parameters[i].Data.AsSpan(start, length),
            _expAvg[i].AsSpan(start, length),
            _expAvgSq[i].AsSpan(start, length),
            (float)_beta1, (float)(1 - _beta1), (float)_beta2, (float)(1 - _beta2), (float)_eps,
            _bias2Sqrt[i], _negStepSize[i]);
    }

    /// <summary>One Adam update of a slice: the gradient in; parameters and both moments updated in place.</summary>
    internal static void Update(ReadOnlySpan<float> grad, Span<float> param, Span<float> expAvg, Span<float> expAvgSq,
        float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float eps, float bias2Sqrt, float negStepSize)
    {
        int n = grad.Length;
        if (param.Length != n || expAvg.Length != n || expAvgSq.Length != n)
            throw new ArgumentException("Parameter, gradient and moment slices must have the same length.", nameof(param));
        int k = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var b1 = new Vector<float>(beta1);
            var c1 = new Vector<float>(oneMinusBeta1);
            var b2 = new Vector<float>(beta2);
            var c2 = new Vector<float>(oneMinusBeta2);
            var e = new Vector<float>(eps);
            var s = new Vector<float>(bias2Sqrt);
            var step = new Vector<float>(negStepSize);
            for (; k <= n - Vector<float>.Count; k += Vector<float>.Count)
            {
                var g = new Vector<float>(grad[k..]);
                var m = Vector.FusedMultiplyAdd(g, c1, new Vector<float>(expAvg[k..]) * b1);
                var v = Vector.FusedMultiplyAdd(c2 * g, g, new Vector<float>(expAvgSq[k..]) * b2);
                var denom = Vector.SquareRoot(v) / s + e;
                var p = new Vector<float>(param[k..]) + step * m / denom;
                m.CopyTo(expAvg[k..]);
                v.CopyTo(expAvgSq[k..]);
                p.CopyTo(param[k..]);
            }
        }
        for (; k < n; k++)
        {
            float g = grad[k];
            float m = MathF.FusedMultiplyAdd(g, oneMinusBeta1, expAvg[k] * beta1);
            float v = MathF.FusedMultiplyAdd(oneMinusBeta2 * g, g, expAvgSq[k] * beta2);
            float denom = MathF.Sqrt(v) / bias2Sqrt + eps;
            param[k] += negStepSize * m / denom;
            expAvg[k] = m;
            expAvgSq[k] = v;
        }
    }

    /// <summary>A float hyper-parameter as the decimal it was typed as (0.9f → 0.9), like a Python float literal.</summary>
    private static double AsTyped(float value) => double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static void CheckHyperParameter(float value, double min, double maxExclusive, string name)
    {
        if (!(value >= min && value < maxExclusive))
            throw new ArgumentOutOfRangeException(name, value, $"Adam's {name} must be in [{min}, {maxExclusive}); got {value}. Use the usual values (learning rate 0.0002, beta1 0.5, beta2 0.999, eps 1e-8).");
    }
}
