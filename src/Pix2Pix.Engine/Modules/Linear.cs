namespace Pix2Pix.Engine.Modules;

/// <summary>Fully connected layer: weight [out, in], bias [out]; default init uniform ±1/√in as PyTorch.</summary>
internal sealed class Linear : Module
{
    public Linear(int inFeatures, int outFeatures, bool bias = true, Rng? rng = null)
    {
        LayerChecks.Positive(nameof(Linear), (nameof(inFeatures), inFeatures), (nameof(outFeatures), outFeatures));
        rng ??= Rng.Shared;
        float bound = 1f / MathF.Sqrt(inFeatures);
        Weight = RegisterParameter("weight", Tensor.Uniform(rng, -bound, bound, outFeatures, inFeatures));
        if (bias)
            Bias = RegisterParameter("bias", Tensor.Uniform(rng, -bound, bound, outFeatures));
    }

    public Tensor Weight { get; }

    public Tensor? Bias { get; }

    protected override string ExtraRepr() => $"in_features={Weight.Dim(1)}, out_features={Weight.Dim(0)}, bias={PyBool(Bias is not null)}";

    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);
}
