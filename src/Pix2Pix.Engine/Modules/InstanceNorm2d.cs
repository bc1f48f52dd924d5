namespace Pix2Pix.Engine.Modules;

/// <summary>
/// Instance normalization (PyTorch's <c>nn.InstanceNorm2d</c>): each sample's channel normalized on its own.
/// Defaults as PyTorch and the reference: no affine parameters, no running statistics (so it holds no state).
/// </summary>
internal sealed class InstanceNorm2d : Module
{
    public InstanceNorm2d(int numFeatures, float eps = 1e-5f, bool affine = false)
    {
        LayerChecks.Positive(nameof(InstanceNorm2d), (nameof(numFeatures), numFeatures));
        (NumFeatures, Eps) = (numFeatures, eps);
        if (affine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones(numFeatures));
            Bias = RegisterParameter("bias", Tensor.Zeros(numFeatures));
        }
    }

    public int NumFeatures { get; }

    public float Eps { get; }

    public Tensor? Weight { get; }

    public Tensor? Bias { get; }

    protected override string ExtraRepr() =>
        $"{NumFeatures}, eps={PyFloat(Eps)}, momentum=0.1, affine={PyBool(Weight is not null)}, track_running_stats=False";

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4 || input.Dim(1) != NumFeatures)
            throw new ArgumentException($"InstanceNorm2d({NumFeatures}) expects [N, {NumFeatures}, H, W] but got {Tensor.ShapeString(input.Shape)}.", nameof(input));
        return Functional.InstanceNorm2d(input, Weight, Bias, Eps);
    }
}
