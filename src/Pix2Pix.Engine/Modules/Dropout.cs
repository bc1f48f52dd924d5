namespace Pix2Pix.Engine.Modules;

/// <summary>
/// Dropout with probability p, active in training. pix2pix keeps it on at test time (the paper's noise source):
/// set <see cref="ActiveInEval"/> or simply do not call Eval(). Draws from its own <see cref="Rng"/>.
/// </summary>
internal sealed class Dropout : Module
{
    public Dropout(float p = 0.5f, Rng? rng = null)
    {
        if (!(p >= 0f && p <= 1f))
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be between 0 and 1 (the reference uses 0.5).");
        P = p;
        Rng = rng ?? Rng.Shared;
    }

    public float P { get; }

    /// <summary>The generator for the masks (its state is what a resumed run must restore).</summary>
    public Rng Rng { get; }

    /// <summary>When true, dropout also applies in evaluation mode.</summary>
    public bool ActiveInEval { get; set; }

    protected override string ExtraRepr() => $"p={PyFloat(P)}, inplace=False";

    public override Tensor Forward(Tensor input) => Functional.Dropout(input, P, Rng, IsTraining || ActiveInEval);
}
