namespace Pix2Pix.Engine;

/// <summary>
/// One recorded op on the tape: it holds its inputs and whatever its forward saved, and its
/// <see cref="Backward"/> ADDS the input gradients (never overwrites), given the gradient of its output.
/// Every concrete node lives in Ops/, next to its forward.
/// </summary>
internal abstract class Node
{
    protected Node(params Tensor[] inputs) => Inputs = inputs;

    public Tensor[] Inputs { get; }

    /// <summary>Accumulates into <c>Inputs[i].Grad</c> for each input with RequiresGrad (its buffer already exists).</summary>
    public abstract void Backward(float[] gradOutput);

    /// <summary>
    /// The gradient rule again, written with differentiable ops (for <c>Autograd.Grad</c>): returns one
    /// gradient tensor per input, null where <paramref name="wanted"/>[i] is false. When recording is on, the
    /// results carry their own graph (through the saved inputs), which is what second-order gradients differentiate.
    /// Ops that have no such rule yet throw.
    /// </summary>
    public virtual Tensor?[] BackwardGraph(Tensor gradOutput, bool[] wanted) =>
        throw new NotSupportedException(
            $"{GetType().Name.Replace("Node", "", StringComparison.Ordinal)} has no differentiable backward yet, so Autograd.Grad cannot go through it. " +
            "Ops with one: Add, Sub, Mul, Affine, Neg, Reshape, Concat, Slice, Sum, Mean, Square, Sqrt, Pow, LeakyRelu, Relu, Linear, MatMul, Conv2d, ConvTranspose2d, InstanceNorm2d, BatchNorm.");

    /// <summary>The gradient buffer of input <paramref name="index"/>, or null when it needs none.</summary>
    protected float[]? GradOf(int index) => Inputs[index].RequiresGrad ? Inputs[index].Grad : null;

    /// <summary>
    /// <see cref="GradOf"/> for a writer that sets every element when <paramref name="overwrite"/> comes back true (the
    /// buffer was marked zero by an optimizer's zero_grad and has not been cleared), and adds otherwise.
    /// </summary>
    protected float[]? GradToOverwrite(int index, out bool overwrite)
    {
        overwrite = false;
        return Inputs[index].RequiresGrad ? Inputs[index].GradToOverwrite(out overwrite) : null;
    }
}
