using System.Numerics;
using System.Runtime.CompilerServices;

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// Multiply-add for the portable paths: fused where the CPU has an FMA instruction (x86 FMA3, Arm64 AdvSimd), plain
/// multiply then add elsewhere — .NET emulates a fused multiply-add in software on x86 without FMA, which made the
/// portable GEMM ~40× slower there (docs/benchmarks.md). The check is a JIT-time constant, so the branch disappears.
/// </summary>
internal static class PortableMath
{
    internal static readonly bool HasFma =
        System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector<float> MulAdd(Vector<float> a, Vector<float> b, Vector<float> c) =>
        HasFma ? Vector.FusedMultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float MulAdd(float a, float b, float c) => HasFma ? MathF.FusedMultiplyAdd(a, b, c) : a * b + c;
}
