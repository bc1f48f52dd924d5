namespace Pix2Pix.Engine.Modules;

/// <summary>
/// 2-D convolution with a square kernel: weight [out, in, k, k], bias [out] (optional). Initialized as PyTorch
/// does by default (uniform ±1/√fan_in for weight and bias); the networks then apply their own init.
/// </summary>
internal sealed class Conv2d : Module
{
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, bool bias = true, Rng? rng = null)
    {
        LayerChecks.Positive(nameof(Conv2d), (nameof(inChannels), inChannels), (nameof(outChannels), outChannels), (nameof(kernelSize), kernelSize), (nameof(stride), stride));
        LayerChecks.NonNegative(nameof(Conv2d), nameof(padding), padding);
        (InChannels, OutChannels, KernelSize, Stride, Padding) = (inChannels, outChannels, kernelSize, stride, padding);
        rng ??= Rng.Shared;
        float bound = 1f / MathF.Sqrt(inChannels * kernelSize * kernelSize);
        Weight = RegisterParameter("weight", Tensor.Uniform(rng, -bound, bound, outChannels, inChannels, kernelSize, kernelSize));
        if (bias)
            Bias = RegisterParameter("bias", Tensor.Uniform(rng, -bound, bound, outChannels));
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public int KernelSize { get; }

    public int Stride { get; }

    public int Padding { get; }

    public Tensor Weight { get; }

    public Tensor? Bias { get; }

    protected override string ExtraRepr() =>
        $"{InChannels}, {OutChannels}, kernel_size=({KernelSize}, {KernelSize}), stride=({Stride}, {Stride})"
        + (Padding != 0 ? $", padding=({Padding}, {Padding})" : "") + (Bias is null ? ", bias=False" : "");

    public override Tensor Forward(Tensor input) => Functional.Conv2d(input, Weight, Bias, Stride, Padding);
}
