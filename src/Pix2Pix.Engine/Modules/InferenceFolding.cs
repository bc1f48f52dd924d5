namespace Pix2Pix.Engine.Modules;

/// <summary>
/// Folds each evaluation-mode <see cref="BatchNorm2d"/> (running statistics) that directly follows a <see cref="Conv2d"/>
/// or <see cref="ConvTranspose2d"/> in a <see cref="Sequential"/> into that convolution, as ONNX Runtime does with an
/// exported graph: with s = γ / √(running_var + ε) per output channel, the convolution's weight is scaled by s in place
/// and its bias becomes β + (b − running_mean)·s, so the network runs one pass per pair instead of two and needs no
/// copy of the weights (a folded copy of unet_256's would add 217 MB). The result equals the unfolded evaluation-mode
/// forward up to float rounding. Folding is one-way: the module becomes inference-only — its weights are no longer the
/// network's (so <see cref="Module.StateDict"/>, <see cref="Module.LoadStateDict"/> and <see cref="Module.Train"/> with
/// true refuse), and only its owner (<c>translate</c>, <c>bench --phase inference</c>) should fold it.
/// </summary>
internal static class InferenceFolding
{
    /// <summary>
    /// Folds every eligible pair under <paramref name="root"/> (which must be in evaluation mode) and marks the whole
    /// tree inference-only; returns the number of batch norms folded. Folding a folded module again does nothing.
    /// </summary>
    public static int FoldBatchNorm(Module root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root.IsInferenceOnly)
            return 0;
        if (root.NamedModules().Any(m => m.Module.IsTraining))
            throw new InvalidOperationException($"{root.GetType().Name}: call Eval() before folding batch norms for inference (a training-mode batch norm uses the batch's own statistics).");
        // A convolution reached twice (one module in two places) would be scaled twice.
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        foreach (var (name, module) in root.NamedModules())
            if (module is Conv2d or ConvTranspose2d && !seen.Add(module))
                throw new InvalidOperationException($"{root.GetType().Name}: the convolution '{name}' is used in more than one place, so its batch norms cannot be folded into it.");
        int folded = 0;
        foreach (var (_, module) in root.NamedModules())
            if (module is Sequential sequential)
                folded += sequential.FoldBatchNormPairs();
        foreach (var (_, module) in root.NamedModules())
            module.MarkInferenceOnly();
        return folded;
    }

    /// <summary>Whether <paramref name="norm"/> normalises with fixed statistics, so that it can be folded.</summary>
    internal static bool CanFold(Module conv, Module norm)
        => conv is Conv2d or ConvTranspose2d
            && norm is BatchNorm2d { IsTraining: false, RunningMean: not null, RunningVar: not null } bn
            && bn.NumFeatures == (conv is Conv2d c ? c.OutChannels : ((ConvTranspose2d)conv).OutChannels);

    /// <summary>Scales <paramref name="conv"/>'s weight by the batch norm's per-channel factor in place; returns the folded bias.</summary>
    internal static Tensor Fold(Module conv, BatchNorm2d norm)
    {
        int channels = norm.NumFeatures;
        var scale = new float[channels];
        var bias = new Tensor(new float[channels], channels);
        Tensor? convBias = conv is Conv2d c2 ? c2.Bias : ((ConvTranspose2d)conv).Bias;
        for (int c = 0; c < channels; c++)
        {
            // The same factor as the unfolded evaluation forward (Functional.BatchNorm): invStd·γ, shift β − mean·that.
            float invStd = (float)(1.0 / Math.Sqrt(norm.RunningVar!.Data[c] + (double)norm.Eps));
            float s = invStd * (norm.Weight is null ? 1f : norm.Weight.Data[c]);
            float shift = (norm.Bias is null ? 0f : norm.Bias.Data[c]) - norm.RunningMean!.Data[c] * s;
            scale[c] = s;
            bias.Data[c] = (convBias is null ? 0f : convBias.Data[c]) * s + shift;
        }
        float[] w = conv is Conv2d conv2d ? conv2d.Weight.Data : ((ConvTranspose2d)conv).Weight.Data;
        if (conv is Conv2d)
        {
            // [Cout, Cin, k, k]: output channel c is one contiguous block.
            int block = w.Length / channels;
            for (int c = 0; c < channels; c++)
                Scale(w.AsSpan(c * block, block), scale[c]);
        }
        else
        {
            // [Cin, Cout, k, k]: output channel c is one k·k block in each input channel's slab.
            int taps = w.Length / channels / ((ConvTranspose2d)conv).InChannels;
            for (int i = 0, ci = 0; i < w.Length; i += taps, ci = (ci + 1) % channels)
                Scale(w.AsSpan(i, taps), scale[ci]);
        }
        return bias;
    }

    private static void Scale(Span<float> values, float factor)
    {
        foreach (ref float v in values)
            v *= factor;
    }
}
