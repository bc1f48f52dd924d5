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

    /// <summary>The gradient buffer of input <paramref name="index"/>, or null when it needs none.</summary>
    protected float[]? GradOf(int index) => Inputs[index].RequiresGrad ? Inputs[index].Grad : null;
}
