namespace Pix2Pix.Gan.Benchmarking;

/// <summary>
/// What one forward pass of a network on an input of <see cref="InputShape"/> does: every leaf layer in execution
/// order, the output shape, the convolution FLOPs, and — for a plain chain of layers such as the PatchGAN
/// discriminator — the receptive field of one output element.
/// </summary>
internal sealed record NetworkProfile(
    IReadOnlyList<int> InputShape,
    IReadOnlyList<int> OutputShape,
    IReadOnlyList<LayerProfile> Layers,
    long ParameterCount,
    int? ReceptiveField)
{
    /// <summary>Sum of the convolution FLOPs of one forward pass (2 per multiply-add, biases and pointwise ops not counted).</summary>
    public long ForwardFlops => Layers.Sum(l => l.Flops);

    /// <summary><see cref="ForwardFlops"/> in units of 10⁹.</summary>
    public double ForwardGflops => ForwardFlops / 1e9;
}
