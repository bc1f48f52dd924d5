using Pix2Pix.Engine.Kernels;

namespace Pix2Pix.Engine;

/// <summary>Batch normalization (1-D and 2-D) and instance normalization: forward and backward.</summary>
internal static partial class Functional
{
    /// <summary>
    /// Batch norm over x [N, C], [N, C, L] or [N, C, H, W], per channel C. Training: normalizes with the batch
    /// statistics and, when running stats are given, updates them in place with <paramref name="momentum"/>
    /// (running = (1 − m)·running + m·batch, with the UNBIASED batch variance, as PyTorch). Evaluation: uses the
    /// running statistics. Weight and bias [C] are optional (affine = false).
    /// </summary>
    public static Tensor BatchNorm(Tensor x, Tensor? weight, Tensor? bias, Tensor? runningMean, Tensor? runningVar,
        bool training, float momentum = 0.1f, float eps = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 2 || x.Rank > 4)
            throw new ArgumentException($"BatchNorm expects [N, C], [N, C, L] or [N, C, H, W] but got {Tensor.ShapeString(x.Shape)}.", nameof(x));
        int n = x.Dim(0), c = x.Dim(1), inner = x.Count / Math.Max(n * c, 1);
        CheckPerChannel("BatchNorm", weight, c, nameof(weight));
        CheckPerChannel("BatchNorm", bias, c, nameof(bias));
        CheckPerChannel("BatchNorm", runningMean, c, nameof(runningMean));
        CheckPerChannel("BatchNorm", runningVar, c, nameof(runningVar));
        if ((runningMean is null) != (runningVar is null))
            throw new ArgumentException("BatchNorm: give both running mean and running variance, or neither.", nameof(runningMean));
        var y = Tensor.ForOpLike(x, zeroed: false);
        var mean = new float[c];
        var invStd = new float[c];
        bool useBatchStats = training || runningMean is null;
        if (useBatchStats)
        {
            int m = n * inner;
            if (m <= 1 && training)
                throw new ArgumentException($"BatchNorm in training needs more than one value per channel but input {Tensor.ShapeString(x.Shape)} has {m}; use a larger batch or Eval() mode.", nameof(x));
            var variance = new float[c];
            Norm.ForwardBatchStats(x.Data, weight?.Data, bias?.Data, n, c, inner, eps, y.Data, mean, invStd, variance);
            if (training && runningMean is not null && runningVar is not null)
            {
                float unbiased = m / (float)(m - 1);
                for (int i = 0; i < c; i++)
                {
                    runningMean.Data[i] = (1 - momentum) * runningMean.Data[i] + momentum * mean[i];
                    runningVar.Data[i] = (1 - momentum) * runningVar.Data[i] + momentum * variance[i] * unbiased;
                }
            }
        }
        else
        {
            for (int i = 0; i < c; i++)
            {
                mean[i] = runningMean!.Data[i];
                invStd[i] = (float)(1.0 / Math.Sqrt(runningVar!.Data[i] + (double)eps));
            }
            Norm.Normalize(x.Data, weight?.Data, bias?.Data, n, c, inner, mean, invStd, y.Data);
        }
        return Autograd.ShouldRecord([x, weight, bias])
            ? Autograd.Attach(y, new NormNode(x, weight, bias, mean, invStd, n, c, inner, useBatchStats, eps))
            : y;
    }

    /// <summary>
    /// Instance norm over x [N, C, H, W]: each (sample, channel) plane is normalized with its own statistics
    /// (biased variance); optional affine weight and bias [C]; no running statistics.
    /// </summary>
    public static Tensor InstanceNorm2d(Tensor x, Tensor? weight = null, Tensor? bias = null, float eps = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 4)
            throw new ArgumentException($"InstanceNorm2d expects [N, C, H, W] but got {Tensor.ShapeString(x.Shape)}.", nameof(x));
        int groups = x.Dim(0) * x.Dim(1), inner = x.Dim(2) * x.Dim(3);
        CheckPerChannel("InstanceNorm2d", weight, x.Dim(1), nameof(weight));
        CheckPerChannel("InstanceNorm2d", bias, x.Dim(1), nameof(bias));
        if (inner <= 1)
            throw new ArgumentException($"InstanceNorm2d needs more than one value per plane but input {Tensor.ShapeString(x.Shape)} has {inner}; use a larger image or no normalization.", nameof(x));
        var y = Tensor.ForOpLike(x, zeroed: false);
        var mean = new float[groups];
        var invStd = new float[groups];
        Norm.ForwardBatchStats(x.Data, weight?.Data, bias?.Data, 1, groups, inner, eps, y.Data, mean, invStd, new float[groups]);
        return Autograd.ShouldRecord([x, weight, bias])
            ? Autograd.Attach(y, new NormNode(x, weight, bias, mean, invStd, 1, groups, inner, true, eps))
            : y;
    }

    private static void CheckPerChannel(string op, Tensor? t, int channels, string name)
    {
        if (t is not null && (t.Rank != 1 || t.Dim(0) != channels))
            throw new ArgumentException($"{op}: {name} must be [{channels}] (one value per channel of the input) but got {Tensor.ShapeString(t.Shape)}; check num_features.", name);
    }

    private sealed class NormNode : Node
    {
        private readonly float[] _mean, _invStd;
        private readonly int _outer, _groups, _inner, _weightIndex, _biasIndex;
        private readonly bool _batchStats;
        private readonly float _eps;

        public NormNode(Tensor x, Tensor? weight, Tensor? bias, float[] mean, float[] invStd, int outer, int groups, int inner, bool batchStats, float eps)
            : base([x, .. weight is null ? Array.Empty<Tensor>() : [weight], .. bias is null ? Array.Empty<Tensor>() : [bias]])
        {
            (_mean, _invStd, _outer, _groups, _inner, _batchStats, _eps) = (mean, invStd, outer, groups, inner, batchStats, eps);
            _weightIndex = weight is null ? -1 : 1;
            _biasIndex = bias is null ? -1 : (weight is null ? 1 : 2);
        }

        public override void Backward(float[] gradOutput)
        {
            var weight = _weightIndex < 0 ? default : Inputs[_weightIndex].Data.AsSpan();
            Span<float> dx = GradOf(0);
            Span<float> dw = _weightIndex < 0 ? default : GradOf(_weightIndex);
            Span<float> db = _biasIndex < 0 ? default : GradOf(_biasIndex);
            if (_batchStats)
                Norm.BackwardBatchStats(Inputs[0].Data, gradOutput, weight, _mean, _invStd, _outer, _groups, _inner, dx, dw, db);
            else
                Norm.BackwardFixedStats(Inputs[0].Data, gradOutput, weight, _mean, _invStd, _outer, _groups, _inner, dx, dw, db);
        }

        // A composite rule: the forward is rebuilt from differentiable ops (mean, square, pow, mul, add) and that
        // small graph is differentiated, keeping its own graph when the caller records one (create_graph).
        public override Tensor?[] BackwardGraph(Tensor gradOutput, bool[] wanted)
        {
            bool createGraph = Autograd.IsEnabled;
            var targets = Inputs.Where((_, i) => wanted[i]).ToArray();
            Tensor[] grads;
            using (Autograd.EnableGrad())
            {
                var y = Recompute();
                grads = Autograd.Grad([y], targets, [gradOutput], createGraph);
            }
            var result = new Tensor?[Inputs.Length];
            for (int i = 0, k = 0; i < Inputs.Length; i++)
                if (wanted[i])
                    result[i] = grads[k++];
            return result;
        }

        private Tensor Recompute()
        {
            var x = Inputs[0];
            var x3 = Reshape(x, _outer, _groups, _inner);
            Tensor xhat;
            if (_batchStats)
            {
                var mean = Mean(Mean(x3, 2, keepDim: true), 0, keepDim: true);
                var centered = Sub(x3, mean);
                var variance = Mean(Mean(Square(centered), 2, keepDim: true), 0, keepDim: true);
                xhat = Mul(centered, Pow(Affine(variance, 1f, _eps), -0.5f));
            }
            else
            {
                xhat = Mul(Sub(x3, Tensor.FromArray(_mean, 1, _groups, 1)), Tensor.FromArray(_invStd, 1, _groups, 1));
            }
            if (_weightIndex < 0 && _biasIndex < 0)
                return Reshape(xhat, x.ShapeArray());
            // Weight and bias are per channel; instance norm's groups are (sample, channel) pairs.
            int channels = Inputs[Math.Max(_weightIndex, _biasIndex)].Count;
            var y = Reshape(xhat, -1, channels, _inner);
            if (_weightIndex >= 0)
                y = Mul(y, Reshape(Inputs[_weightIndex], 1, channels, 1));
            if (_biasIndex >= 0)
                y = Add(y, Reshape(Inputs[_biasIndex], 1, channels, 1));
            return Reshape(y, x.ShapeArray());
        }
    }
}
