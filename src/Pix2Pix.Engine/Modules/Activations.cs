namespace Pix2Pix.Engine.Modules;

/// <summary>max(x, 0) + slope·min(x, 0); PyTorch's default slope is 0.01, the reference uses 0.2.</summary>
internal sealed class LeakyReLU(float negativeSlope = 0.01f) : Module
{
    public float NegativeSlope { get; } = negativeSlope;

    protected override string ExtraRepr() => $"negative_slope={PyFloat(NegativeSlope)}";

    public override Tensor Forward(Tensor input) => Functional.LeakyRelu(input, NegativeSlope);
}

internal sealed class ReLU : Module
{
    public override Tensor Forward(Tensor input) => Functional.Relu(input);
}

internal sealed class Tanh : Module
{
    public override Tensor Forward(Tensor input) => Functional.Tanh(input);
}

internal sealed class Sigmoid : Module
{
    public override Tensor Forward(Tensor input) => Functional.Sigmoid(input);
}

/// <summary>Returns its input (the reference's norm layer for <c>--norm none</c>).</summary>
internal sealed class Identity : Module
{
    public override Tensor Forward(Tensor input) => input;
}

/// <summary>Reflection padding on all four sides, or (left, right, top, bottom).</summary>
internal sealed class ReflectionPad2d : Module
{
    public ReflectionPad2d(int padding) : this(padding, padding, padding, padding)
    {
    }

    public ReflectionPad2d(int left, int right, int top, int bottom)
    {
        LayerChecks.NonNegative(nameof(ReflectionPad2d), "padding", Math.Min(Math.Min(left, right), Math.Min(top, bottom)));
        (Left, Right, Top, Bottom) = (left, right, top, bottom);
    }

    public int Left { get; }

    public int Right { get; }

    public int Top { get; }

    public int Bottom { get; }

    protected override string ExtraRepr() => $"({Left}, {Right}, {Top}, {Bottom})";

    public override Tensor Forward(Tensor input) => Functional.ReflectionPad2d(input, Left, Right, Top, Bottom);
}
