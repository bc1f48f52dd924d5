namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// Span kernels for pointwise ops: inputs first, destination last. Forward kernels overwrite the destination;
/// every <c>…Backward</c> kernel and every <c>Add…</c> kernel ADDS into its destination.
/// </summary>
/// <remarks>
/// <para>Length rule, for every kernel: the destination and every source have exactly the same length; otherwise
/// <see cref="ArgumentException"/> ("the destination is too short or too long"). The destination may be a source (in
/// place) but may not partly overlap one.</para>
/// <para>Each kernel is an operator struct run by <see cref="ElementwiseDriver"/> on the SIMD path of
/// <see cref="SimdPaths.Current"/>; every path, and every position in the span, gives the same bits. The plain loops in
/// <see cref="Reference.ElementwiseReference"/> are what they are tested against: bit for bit, except tanh and sigmoid
/// (within 2 ulp of double precision).</para>
/// </remarks>
internal static class Elementwise
{
    /// <summary>destination = a + b.</summary>
    /// <seealso cref="Reference.ElementwiseReference.Add"/>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination) =>
        ElementwiseDriver.Binary(default(AddOperator), a, b, destination);

    /// <summary>destination = a − b.</summary>
    /// <seealso cref="Reference.ElementwiseReference.Subtract"/>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Subtract(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination) =>
        ElementwiseDriver.Binary(default(SubtractOperator), a, b, destination);

    /// <summary>destination = a·b.</summary>
    /// <seealso cref="Reference.ElementwiseReference.Multiply"/>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination) =>
        ElementwiseDriver.Binary(default(MultiplyOperator), a, b, destination);

    /// <summary>destination = x·scale + shift.</summary>
    /// <seealso cref="Reference.ElementwiseReference.ScaleShift"/>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void ScaleShift(ReadOnlySpan<float> x, float scale, float shift, Span<float> destination) =>
        ElementwiseDriver.Unary(new ScaleShiftOperator(scale, shift), x, destination);

    /// <summary>destination += x·scale.</summary>
    /// <seealso cref="Reference.ElementwiseReference.AddScaled"/>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void AddScaled(ReadOnlySpan<float> x, float scale, Span<float> destination) =>
        ElementwiseDriver.Binary(new AddScaledOperator(scale), x, destination, destination);

    /// <summary>destination += a·b.</summary>
    /// <seealso cref="Reference.ElementwiseReference.AddProduct"/>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void AddProduct(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination) =>
        ElementwiseDriver.Ternary(default(AddProductOperator), a, b, destination, destination);

    /// <summary>y = x where x &gt; 0, x·slope elsewhere (slope 0 is ReLU).</summary>
    /// <seealso cref="Reference.ElementwiseReference.LeakyRelu"/>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void LeakyRelu(ReadOnlySpan<float> x, float slope, Span<float> y) =>
        ElementwiseDriver.Unary(new LeakyReluOperator(slope), x, y);

    /// <summary>dx += dy where x &gt; 0, dy·slope elsewhere (PyTorch's choice at x = 0).</summary>
    /// <seealso cref="Reference.ElementwiseReference.LeakyReluBackward"/>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void LeakyReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, float slope, Span<float> dx) =>
        ElementwiseDriver.Ternary(new LeakyReluBackwardOperator(slope), x, dy, dx, dx);

    /// <summary>y = tanh x, within 2 ulp; the same bits on every SIMD path.</summary>
    /// <seealso cref="Reference.ElementwiseReference.Tanh"/>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) =>
        ElementwiseDriver.Unary(default(TanhOperator), x, y);

    /// <summary>dx += dy·(1 − y²), from the saved output y.</summary>
    /// <seealso cref="Reference.ElementwiseReference.TanhBackward"/>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void TanhBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        ElementwiseDriver.Ternary(default(TanhBackwardOperator), y, dy, dx, dx);

    /// <summary>y = 1/(1 + e^−x), within 2 ulp; the same bits on every SIMD path.</summary>
    /// <seealso cref="Reference.ElementwiseReference.Sigmoid"/>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) =>
        ElementwiseDriver.Unary(default(SigmoidOperator), x, y);

    /// <summary>dx += dy·y·(1 − y), from the saved output y.</summary>
    /// <seealso cref="Reference.ElementwiseReference.SigmoidBackward"/>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void SigmoidBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        ElementwiseDriver.Ternary(default(SigmoidBackwardOperator), y, dy, dx, dx);

    /// <summary>A sigmoid of one number that never overflows: exp is only taken of non-positive numbers.</summary>
    public static float Sigmoid(float x)
    {
        if (x >= 0f)
            return 1f / (1f + MathF.Exp(-x));
        float e = MathF.Exp(x);
        return e / (1f + e);
    }

    /// <summary>Sum in double (order fixed, so results do not depend on threads).</summary>
    public static double Sum(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (float v in x)
            s += v;
        return s;
    }
}
