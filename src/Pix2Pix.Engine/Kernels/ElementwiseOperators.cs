using System.Runtime.CompilerServices;

namespace Pix2Pix.Engine.Kernels;

// The operator structs behind the Elementwise kernels. The exact ops keep the scalar code's order of operations
// (multiply, then add: never fused), so their results are bit-identical to the plain loops in ElementwiseReference.

internal readonly struct AddOperator : IElementwiseOperator
{
    public static int Arity => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TSimd>(TVec a, TVec b, TVec c) where TVec : unmanaged where TSimd : ISimdFloat<TVec> =>
        TSimd.Add(a, b);
}

internal readonly struct SubtractOperator : IElementwiseOperator
{
    public static int Arity => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TSimd>(TVec a, TVec b, TVec c) where TVec : unmanaged where TSimd : ISimdFloat<TVec> =>
        TSimd.Subtract(a, b);
}

internal readonly struct MultiplyOperator : IElementwiseOperator
{
    public static int Arity => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TSimd>(TVec a, TVec b, TVec c) where TVec : unmanaged where TSimd : ISimdFloat<TVec> =>
        TSimd.Multiply(a, b);
}

/// <summary>x·scale + shift.</summary>
internal readonly struct ScaleShiftOperator(float scale, float shift) : IElementwiseOperator
{
    public static int Arity => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TSimd>(TVec x, TVec b, TVec c) where TVec : unmanaged where TSimd : ISimdFloat<TVec> =>
        TSimd.Add(TSimd.Multiply(x, TSimd.Splat(scale)), TSimd.Splat(shift));
}

/// <summary>(x, destination) → destination + x·scale.</summary>
internal readonly struct AddScaledOperator(float scale) : IElementwiseOperator
{
    public static int Arity => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TSimd>(TVec x, TVec destination, TVec c) where TVec : unmanaged where TSimd : ISimdFloat<TVec> =>
        TSimd.Add(destination, TSimd.Multiply(x, TSimd.Splat(scale)));
}

/// <summary>(a, b, destination) → destination + a·b.</summary>
internal readonly struct AddProductOperator : IElementwiseOperator
{
    public static int Arity => 3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TSimd>(TVec a, TVec b, TVec destination) where TVec : unmanaged where TSimd : ISimdFloat<TVec> =>
        TSimd.Add(destination, TSimd.Multiply(a, b));
}

/// <summary>x where x &gt; 0, else x·slope.</summary>
internal readonly struct LeakyReluOperator(float slope) : IElementwiseOperator
{
    public static int Arity => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TSimd>(TVec x, TVec b, TVec c) where TVec : unmanaged where TSimd : ISimdFloat<TVec> =>
        SimdSelect.Where<TVec, TSimd>(TSimd.LessThan(TSimd.Zero, x), x, TSimd.Multiply(x, TSimd.Splat(slope)));
}

/// <summary>(x, dy, dx) → dx + (dy where x &gt; 0, else dy·slope).</summary>
internal readonly struct LeakyReluBackwardOperator(float slope) : IElementwiseOperator
{
    public static int Arity => 3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TSimd>(TVec x, TVec dy, TVec dx) where TVec : unmanaged where TSimd : ISimdFloat<TVec> =>
        TSimd.Add(dx, SimdSelect.Where<TVec, TSimd>(TSimd.LessThan(TSimd.Zero, x), dy, TSimd.Multiply(dy, TSimd.Splat(slope))));
}

/// <summary>(y, dy, dx) → dx + dy·(1 − y²).</summary>
internal readonly struct TanhBackwardOperator : IElementwiseOperator
{
    public static int Arity => 3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TSimd>(TVec y, TVec dy, TVec dx) where TVec : unmanaged where TSimd : ISimdFloat<TVec> =>
        TSimd.Add(dx, TSimd.Multiply(dy, TSimd.Subtract(TSimd.Splat(1f), TSimd.Multiply(y, y))));
}

/// <summary>(y, dy, dx) → dx + dy·y·(1 − y).</summary>
internal readonly struct SigmoidBackwardOperator : IElementwiseOperator
{
    public static int Arity => 3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TSimd>(TVec y, TVec dy, TVec dx) where TVec : unmanaged where TSimd : ISimdFloat<TVec> =>
        TSimd.Add(dx, TSimd.Multiply(TSimd.Multiply(dy, y), TSimd.Subtract(TSimd.Splat(1f), y)));
}

internal static class SimdSelect
{
    /// <summary>Bitwise select: ifTrue in the all-ones lanes of mask, ifFalse elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Where<TVec, TSimd>(TVec mask, TVec ifTrue, TVec ifFalse) where TVec : unmanaged where TSimd : ISimdFloat<TVec> =>
        TSimd.Or(TSimd.And(mask, ifTrue), TSimd.AndNot(ifFalse, mask));
}
