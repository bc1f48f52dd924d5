using System.Numerics;

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// Span kernels for pointwise ops: inputs first, destination last. Forward kernels overwrite the destination;
/// every <c>…Backward</c> kernel ADDS into its gradient destination. All spans of one call have the same length.
/// </summary>
public static class Elementwise
{
    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
    {
        CheckLengths(a.Length, b.Length, destination.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
                (new Vector<float>(a[i..]) + new Vector<float>(b[i..])).CopyTo(destination[i..]);
        }
        for (; i < a.Length; i++)
            destination[i] = a[i] + b[i];
    }

    public static void Subtract(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
    {
        CheckLengths(a.Length, b.Length, destination.Length);
        for (int i = 0; i < a.Length; i++)
            destination[i] = a[i] - b[i];
    }

    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
    {
        CheckLengths(a.Length, b.Length, destination.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
                (new Vector<float>(a[i..]) * new Vector<float>(b[i..])).CopyTo(destination[i..]);
        }
        for (; i < a.Length; i++)
            destination[i] = a[i] * b[i];
    }

    /// <summary>destination = x·scale + shift.</summary>
    public static void ScaleShift(ReadOnlySpan<float> x, float scale, float shift, Span<float> destination)
    {
        CheckLengths(x.Length, destination.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = new Vector<float>(scale);
            var t = new Vector<float>(shift);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
                (new Vector<float>(x[i..]) * s + t).CopyTo(destination[i..]);
        }
        for (; i < x.Length; i++)
            destination[i] = x[i] * scale + shift;
    }

    /// <summary>destination += x·scale.</summary>
    public static void AddScaled(ReadOnlySpan<float> x, float scale, Span<float> destination)
    {
        CheckLengths(x.Length, destination.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = new Vector<float>(scale);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
                (new Vector<float>(destination[i..]) + new Vector<float>(x[i..]) * s).CopyTo(destination[i..]);
        }
        for (; i < x.Length; i++)
            destination[i] += x[i] * scale;
    }

    /// <summary>destination += a·b.</summary>
    public static void AddProduct(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
    {
        CheckLengths(a.Length, b.Length, destination.Length);
        for (int i = 0; i < a.Length; i++)
            destination[i] += a[i] * b[i];
    }

    /// <summary>y = max(x, 0) · 1 + min(x, 0) · slope (slope 0 is ReLU).</summary>
    public static void LeakyRelu(ReadOnlySpan<float> x, float slope, Span<float> y)
    {
        CheckLengths(x.Length, y.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = new Vector<float>(slope);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(x[i..]);
                Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<float>.Zero), v, v * s).CopyTo(y[i..]);
            }
        }
        for (; i < x.Length; i++)
            y[i] = x[i] > 0f ? x[i] : x[i] * slope;
    }

    /// <summary>dx += dy where x &gt; 0, dy·slope elsewhere (PyTorch's choice at x = 0).</summary>
    public static void LeakyReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, float slope, Span<float> dx)
    {
        CheckLengths(x.Length, dy.Length, dx.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = new Vector<float>(slope);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var g = new Vector<float>(dy[i..]);
                var step = Vector.ConditionalSelect(Vector.GreaterThan(new Vector<float>(x[i..]), Vector<float>.Zero), g, g * s);
                (new Vector<float>(dx[i..]) + step).CopyTo(dx[i..]);
            }
        }
        for (; i < x.Length; i++)
            dx[i] += x[i] > 0f ? dy[i] : dy[i] * slope;
    }

    public static void Tanh(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckLengths(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++)
            y[i] = MathF.Tanh(x[i]);
    }

    /// <summary>dx += dy·(1 − y²), from the saved output y.</summary>
    public static void TanhBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        CheckLengths(y.Length, dy.Length, dx.Length);
        for (int i = 0; i < y.Length; i++)
            dx[i] += dy[i] * (1f - y[i] * y[i]);
    }

    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckLengths(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++)
            y[i] = Sigmoid(x[i]);
    }

    /// <summary>dx += dy·y·(1 − y), from the saved output y.</summary>
    public static void SigmoidBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        CheckLengths(y.Length, dy.Length, dx.Length);
        for (int i = 0; i < y.Length; i++)
            dx[i] += dy[i] * y[i] * (1f - y[i]);
    }

    /// <summary>A sigmoid that never overflows: exp is only taken of non-positive numbers.</summary>
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

    private static void CheckLengths(int a, int b)
    {
        if (a != b)
            throw new ArgumentException($"Spans must have equal lengths but got {a} and {b}; the destination is too short or too long.");
    }

    private static void CheckLengths(int a, int b, int c)
    {
        if (a != b || a != c)
            throw new ArgumentException($"Spans must have equal lengths but got {a}, {b} and {c}; the destination is too short or too long.");
    }
}
