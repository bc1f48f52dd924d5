namespace Pix2Pix.Engine.Kernels.Reference;

/// <summary>Plain scalar versions of the vectorized <see cref="Elementwise"/> kernels, for tests.</summary>
/// <seealso cref="Elementwise"/>
public static class ElementwiseReference
{
    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
    {
        for (int i = 0; i < a.Length; i++) destination[i] = a[i] + b[i];
    }

    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
    {
        for (int i = 0; i < a.Length; i++) destination[i] = a[i] * b[i];
    }

    public static void ScaleShift(ReadOnlySpan<float> x, float scale, float shift, Span<float> destination)
    {
        for (int i = 0; i < x.Length; i++) destination[i] = x[i] * scale + shift;
    }

    public static void AddScaled(ReadOnlySpan<float> x, float scale, Span<float> destination)
    {
        for (int i = 0; i < x.Length; i++) destination[i] += x[i] * scale;
    }

    public static void LeakyRelu(ReadOnlySpan<float> x, float slope, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0f ? x[i] : x[i] * slope;
    }

    public static void LeakyReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, float slope, Span<float> dx)
    {
        for (int i = 0; i < x.Length; i++) dx[i] += x[i] > 0f ? dy[i] : dy[i] * slope;
    }
}
