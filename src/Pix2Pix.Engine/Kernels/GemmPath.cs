using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Pix2Pix.Engine.Kernels;

/// <summary>The SIMD code path a kernel runs on.</summary>
internal enum GemmPath
{
    /// <summary>Choose the widest path the hardware accelerates.</summary>
    Auto,
    /// <summary>Vector512 micro-kernel (AVX-512F).</summary>
    Vector512,
    /// <summary>Vector256 micro-kernel (AVX2 + FMA).</summary>
    Vector256,
    /// <summary>Portable <see cref="Vector{T}"/> micro-kernel (any hardware; software fallback when not accelerated).</summary>
    Portable,
}

/// <summary>
/// Selects the GEMM micro-kernel. <see cref="Forced"/> lets tests run every path on one machine; it flows with the
/// async/execution context (so worker threads of one call see it, and parallel tests do not see each other's choice).
/// </summary>
internal static class GemmPaths
{
    private static readonly AsyncLocal<GemmPath> s_forced = new();

    /// <summary>The path forced for the current execution context, or <see cref="GemmPath.Auto"/>.</summary>
    public static GemmPath Forced
    {
        get => s_forced.Value;
        set
        {
            if (value != GemmPath.Auto && !IsSupported(value))
                throw new PlatformNotSupportedException($"The {value} GEMM path needs hardware this machine lacks; force only a path for which IsSupported is true.");
            s_forced.Value = value;
        }
    }

    /// <summary>The widest path this hardware accelerates.</summary>
    public static GemmPath Best { get; } =
        IsSupported(GemmPath.Vector512) ? GemmPath.Vector512 :
        IsSupported(GemmPath.Vector256) ? GemmPath.Vector256 : GemmPath.Portable;

    /// <summary>The path the next call on this execution context will take.</summary>
    public static GemmPath Current
    {
        get
        {
            GemmPath forced = s_forced.Value;
            return forced == GemmPath.Auto ? Best : forced;
        }
    }

    public static bool IsSupported(GemmPath path) => path switch
    {
        GemmPath.Vector512 => Vector512.IsHardwareAccelerated && Avx512F.IsSupported,
        GemmPath.Vector256 => Vector256.IsHardwareAccelerated && Fma.IsSupported,
        GemmPath.Portable => true,
        _ => false,
    };
}
