namespace Pix2Pix.Engine;

public sealed partial class Tensor
{
    /// <summary>The op that produced this tensor, while its graph is alive; null for leaves.</summary>
    internal Node? GradFn { get; set; }

    /// <summary>Set once backward has released the graph through this tensor (to report reuse clearly).</summary>
    internal bool GraphReleased { get; set; }

    /// <summary>True for tensors not produced by a recorded op (inputs, parameters).</summary>
    internal bool IsLeaf => GradFn is null && !GraphReleased;

    /// <summary>
    /// Back-propagates from this one-element tensor: every leaf with <see cref="RequiresGrad"/> reached through
    /// the graph gets d(this)/d(leaf) ADDED to its <see cref="Grad"/> (zero it between steps). The graph is
    /// released afterwards unless <paramref name="retainGraph"/>.
    /// </summary>
    internal void Backward(bool retainGraph = false) => BackwardEngine.Run(this, retainGraph);

    /// <summary>A tensor sharing these values but cut from the graph: no gradient flows back through it.</summary>
    internal Tensor Detach() => SharingBuffer(_shape);

    /// <summary>Clears the accumulated gradient (keeps the buffer, filled with zeros).</summary>
    internal void ZeroGrad()
    {
        if (Grad is not null)
            Array.Clear(Grad);
    }
}
