namespace Pix2Pix.Engine.Modules;

/// <summary>
/// 2-D transposed convolution with a square kernel: weight [in, out, k, k] (PyTorch layout), bias [out] (optional).
/// Default init as PyTorch: uniform ±1/√(out·k·k) (PyTorch takes fan-in from the weight's second dimension).
/// </summary>
internal sealed class ConvTranspose2d : Module
{
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int outputPadding = 0, bool bias = true, Rng? rng = null)
    {
        LayerChecks.Positive(nameof(ConvTranspose2d), (nameof(inChannels), inChannels), (nameof(outChannels), outChannels), (nameof(kernelSize), kernelSize), (nameof(stride), stride));
        LayerChecks.NonNegative(nameof(ConvTranspose2d), nameof(padding), padding);
        LayerChecks.NonNegative(nameof(ConvTranspose2d), nameof(outputPadding), outputPadding);
        (InChannels, OutChannels, KernelSize, Stride, Padding, OutputPadding) = (inChannels, outChannels, kernelSize, stride, padding, outputPadding);
        rng ??= Rng.Shared;
        float bound = 1f / MathF.Sqrt(outChannels * kernelSize * kernelSize);
        Weight = RegisterParameter("weight", Tensor.Uniform(rng, -bound, bound, inChannels, outChannels, kernelSize, kernelSize));
        if (bias)
            Bias = RegisterParameter("bias", Tensor.Uniform(rng, -bound, bound, outChannels));
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public int KernelSize { get; }

    public int Stride { get; }

    public int Padding { get; }

    public int OutputPadding { get; }

    public Tensor Weight { get; }

    public Tensor? Bias { get; }

    protected override string ExtraRepr() =>
        $"{InChannels}, {OutChannels}, kernel_size=({KernelSize}, {KernelSize}), stride=({Stride}, {Stride})"
        + (Padding != 0 ? $", padding=({Padding}, {Padding})" : "")
        + (OutputPadding != 0 ? $", output_padding=({OutputPadding}, {OutputPadding})" : "") + (Bias is null ? ", bias=False" : "");

    public override Tensor Forward(Tensor input) => Functional.ConvTranspose2d(input, Weight, Bias, Stride, Padding, OutputPadding);
}
