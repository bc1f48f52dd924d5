using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Pix2Pix.Engine.Kernels;

/// <summary>The SIMD code path a kernel runs on (the GEMM micro-kernels and every other vectorised kernel).</summary>
internal enum SimdPath
{
    /// <summary>Choose the widest path the hardware accelerates.</summary>
    Auto,
    /// <summary>Vector512 (AVX-512F).</summary>
    Vector512,
    /// <summary>Vector256 (AVX2 + FMA).</summary>
    Vector256,
    /// <summary>Portable <see cref="Vector{T}"/> (any hardware; software fallback when not accelerated).</summary>
    Portable,
}

/// <summary>
/// Selects the SIMD path of every vectorised kernel (the GEMM micro-kernel, the small convolutions, …).
/// <see cref="Forced"/> lets tests run every path on one machine; it flows with the
/// async/execution context (so worker threads of one call see it, and parallel tests do not see each other's choice).
/// </summary>
internal static class SimdPaths
{
    private static readonly AsyncLocal<SimdPath> s_forced = new();

    /// <summary>The path forced for the current execution context, or <see cref="SimdPath.Auto"/>.</summary>
    public static SimdPath Forced
    {
        get => s_forced.Value;
        set
        {
            if (value != SimdPath.Auto && !IsSupported(value))
                throw new PlatformNotSupportedException($"The {value} SIMD path needs hardware this machine lacks; force only a path for which IsSupported is true.");
            s_forced.Value = value;
        }
    }

    /// <summary>The widest path this hardware accelerates.</summary>
    public static SimdPath Best { get; } =
        IsSupported(SimdPath.Vector512) ? SimdPath.Vector512 :
        IsSupported(SimdPath.Vector256) ? SimdPath.Vector256 : SimdPath.Portable;

    /// <summary>The path the next call on this execution context will take.</summary>
    public static SimdPath Current
    {
        get
        {
            SimdPath forced = s_forced.Value;
            return forced == SimdPath.Auto ? Best : forced;
        }
    }

    public static bool IsSupported(SimdPath path) => path switch
    {
        SimdPath.Vector512 => Vector512.IsHardwareAccelerated && Avx512F.IsSupported,
        SimdPath.Vector256 => Vector256.IsHardwareAccelerated && Fma.IsSupported,
        SimdPath.Portable => true,
        _ => false,
    };

    /// <summary>Runs <paramref name="kernel"/> instantiated for <see cref="Current"/>.</summary>
    public static void Run<TKernel>(ref TKernel kernel)
        where TKernel : struct, ISimdKernel
        => Run(Current, ref kernel);

    /// <summary>Runs <paramref name="kernel"/> (one without results) instantiated for <see cref="Current"/>.</summary>
    public static void Run<TKernel>(TKernel kernel)
        where TKernel : struct, ISimdKernel
        => Run(Current, ref kernel);

    /// <summary>Runs <paramref name="kernel"/> (one without results) instantiated for <paramref name="path"/>.</summary>
    public static void Run<TKernel>(SimdPath path, TKernel kernel)
        where TKernel : struct, ISimdKernel
        => Run(path, ref kernel);

    /// <summary>
    /// The one switch from a path to its types: runs <paramref name="kernel"/> with the vector operations of
    /// <paramref name="path"/> (<see cref="SimdPath.Auto"/>: <see cref="Best"/>). A struct kernel, so the
    /// JIT compiles one specialised copy per path and the call costs nothing.
    /// </summary>
    public static void Run<TKernel>(SimdPath path, ref TKernel kernel)
        where TKernel : struct, ISimdKernel
    {
        switch (path == SimdPath.Auto ? Best : path)
        {
            case SimdPath.Vector512:
                kernel.Run<SimdFloat512, Vector512<float>>();
                break;
            case SimdPath.Vector256:
                kernel.Run<SimdFloat256, Vector256<float>>();
                break;
            default:
                kernel.Run<SimdFloatPortable, Vector<float>>();
                break;
        }
    }
}

/// <summary>
/// A computation written once over <see cref="ISimdFloat{TVec}"/>, run for a SIMD path by <see cref="SimdPaths.Run{TKernel}(ref TKernel)"/>.
/// The struct's fields carry the arguments in (and results out); GEMM code takes
/// <see cref="GemmMicroKernel{TSimd, TVec}"/> as its micro-kernel.
/// </summary>
internal interface ISimdKernel
{
    void Run<TSimd, TVec>()
        where TSimd : struct, ISimdFloat<TVec>
        where TVec : unmanaged;
}
