using System.Runtime.CompilerServices;

namespace Pix2Pix.Engine.Kernels;

// Tanh and sigmoid as vector code (Cephes' expf and tanhf approximations: tanh ≤ 1 ulp, sigmoid ≤ 2 ulp against a
// double-precision reference; ElementwiseTanhSigmoidKernelTests measures it). Built only from additions,
// multiplications, divisions and bit operations — no fused multiply-add, no hardware estimates, no scalar tail — so
// every SIMD path gives the same bits: training does not depend on the vector width of the machine.

/// <summary>tanh x: an odd polynomial for |x| &lt; 0.625, 1 − 2/(e^{2|x|} + 1) with x's sign above.</summary>
internal readonly struct TanhOperator : IElementwiseOperator
{
    public static int Arity => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TSimd>(TVec x, TVec b, TVec c) where TVec : unmanaged where TSimd : ISimdFloat<TVec>
    {
        TVec signBit = TSimd.Splat(-0f);
        TVec ax = TSimd.AndNot(x, signBit);

        TVec z = TSimd.Multiply(x, x);
        TVec p = TSimd.Splat(-5.70498872745E-3f);
        p = VectorExp.Horner<TVec, TSimd>(p, z, 2.06390887954E-2f);
        p = VectorExp.Horner<TVec, TSimd>(p, z, -5.37397155531E-2f);
        p = VectorExp.Horner<TVec, TSimd>(p, z, 1.33314422036E-1f);
        p = VectorExp.Horner<TVec, TSimd>(p, z, -3.33332819422E-1f);
        TVec small = TSimd.Add(TSimd.Multiply(TSimd.Multiply(p, z), x), x);

        // tanh is 1 in float from |x| ≈ 9.01 on; capping at 10 keeps e^{2|x|} finite (NaN passes through).
        TVec ten = TSimd.Splat(10f);
        TVec capped = SimdSelect.Where<TVec, TSimd>(TSimd.LessThan(ten, ax), ten, ax);
        TVec e = VectorExp.Exp<TVec, TSimd>(TSimd.Add(capped, capped));
        TVec one = TSimd.Splat(1f);
        TVec large = TSimd.Subtract(one, TSimd.Divide(TSimd.Splat(2f), TSimd.Add(e, one)));
        large = TSimd.Or(large, TSimd.And(x, signBit));

        return SimdSelect.Where<TVec, TSimd>(TSimd.LessThan(ax, TSimd.Splat(0.625f)), small, large);
    }
}

/// <summary>1/(1 + e^{−x}) for x ≥ 0 and e^x/(1 + e^x) below, so exp is only taken of −|x| and never overflows.</summary>
internal readonly struct SigmoidOperator : IElementwiseOperator
{
    public static int Arity => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TSimd>(TVec x, TVec b, TVec c) where TVec : unmanaged where TSimd : ISimdFloat<TVec>
    {
        TVec negAbs = TSimd.Or(x, TSimd.Splat(-0f));
        // Below −104 the result rounds to 0 in float (and negative numbers to their sign); NaN passes through.
        TVec floor = TSimd.Splat(-104f);
        TVec e = VectorExp.Exp<TVec, TSimd>(SimdSelect.Where<TVec, TSimd>(TSimd.LessThan(negAbs, floor), floor, negAbs));
        TVec denominator = TSimd.Add(TSimd.Splat(1f), e);
        TVec positive = TSimd.Divide(TSimd.Splat(1f), denominator);
        TVec negative = TSimd.Divide(e, denominator);
        return SimdSelect.Where<TVec, TSimd>(TSimd.LessThan(x, TSimd.Zero), negative, positive);
    }
}

internal static class VectorExp
{
    private const float Log2E = 1.44269504088896341f;
    private const float RoundingMagic = 12582912f; // 1.5·2²³: adding it rounds to an integer (to nearest, ties to even)
    private const float Ln2High = 0.693359375f;    // ln 2 in two parts (Cody–Waite): n·Ln2High is exact
    private const float Ln2Low = -2.12194440e-4f;

    /// <summary>
    /// e^a for a in [−104, 20]: a = n·ln 2 + r with |r| ≤ ln2/2, e^r by Cephes' polynomial, then ·2ⁿ in two exact
    /// power-of-two steps so that results below 2⁻¹²⁶ round once into the subnormals.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Exp<TVec, TSimd>(TVec a) where TVec : unmanaged where TSimd : ISimdFloat<TVec>
    {
        TVec magic = TSimd.Splat(RoundingMagic);
        TVec n = TSimd.Subtract(TSimd.Add(TSimd.Multiply(a, TSimd.Splat(Log2E)), magic), magic);
        TVec r = TSimd.Subtract(TSimd.Subtract(a, TSimd.Multiply(n, TSimd.Splat(Ln2High))), TSimd.Multiply(n, TSimd.Splat(Ln2Low)));
        TVec p = TSimd.Splat(1.9875691500E-4f);
        p = Horner<TVec, TSimd>(p, r, 1.3981999507E-3f);
        p = Horner<TVec, TSimd>(p, r, 8.3334519073E-3f);
        p = Horner<TVec, TSimd>(p, r, 4.1665795894E-2f);
        p = Horner<TVec, TSimd>(p, r, 1.6666665459E-1f);
        p = Horner<TVec, TSimd>(p, r, 5.0000001201E-1f);
        TVec er = TSimd.Add(TSimd.Add(TSimd.Multiply(p, TSimd.Multiply(r, r)), r), TSimd.Splat(1f));

        TVec half = TSimd.Subtract(TSimd.Add(TSimd.Multiply(n, TSimd.Splat(0.5f)), magic), magic);
        return TSimd.Multiply(TSimd.Multiply(er, TSimd.Pow2(half)), TSimd.Pow2(TSimd.Subtract(n, half)));
    }

    /// <summary>One step of Horner's rule: sum·x + coefficient (multiply, then add).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Horner<TVec, TSimd>(TVec sum, TVec x, float coefficient) where TVec : unmanaged where TSimd : ISimdFloat<TVec> =>
        TSimd.Add(TSimd.Multiply(sum, x), TSimd.Splat(coefficient));
}
