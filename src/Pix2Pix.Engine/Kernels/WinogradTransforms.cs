using System.Numerics;
using System.Runtime.CompilerServices;

namespace Pix2Pix.Engine.Kernels;

// The two Winograd variants of WinogradConv, which share the 6×6 transformed tile and its input transform Bᵀ d B (the
// points 0, 1, −1, 2, −2, ∞) and differ in G, Aᵀ and the tile sizes. Each is a struct used as a generic parameter, so
// the JIT compiles every phase once per variant with its transforms inlined or called directly (no virtual calls, and
// the 3×3 path runs the code it ran before the 4×4 one existed). tools/derive_winograd_f3x4.py derives F(3×3, 4×4)'s.
internal static unsafe partial class WinogradConv
{
    /// <summary>
    /// The transforms of one variant, all lane-wise over <see cref="Vector{T}"/> (independent tiles or filters), with
    /// additions and multiplications by constants only — never a fused multiply-add.
    /// </summary>
    private interface IWinogradVariant
    {
        /// <summary>The filter's height and width (r).</summary>
        static abstract int Kernel { get; }

        /// <summary>The output tile's height and width (m = 7 − r).</summary>
        static abstract int Tile { get; }

        /// <summary>Target floats of V (and of M) per chunk of tiles (<see cref="TilesPerChunk"/>).</summary>
        static abstract int ChunkFloats { get; }

        /// <summary>Target floats of a product work item's transformed weight or products (<see cref="RowsPerItem"/>).</summary>
        static abstract int ItemFloats { get; }

        /// <summary>r[k·rStride] (6×6) = G g Gᵀ for g[k·width] (r×r).</summary>
        static abstract void WeightTile(float* g, int width, float* r, long rStride);

        /// <summary>y (m×m) = Aᵀ s A for s (6×6); t is scratch of at least 24 vectors.</summary>
        static abstract void OutputTile(float* s, float* y, float* t, int width);

        /// <summary>r (6×6) = A d Aᵀ for d (m×m); t is scratch of at least 24 vectors.</summary>
        static abstract void GradientTile(float* d, float* r, float* t, int width);

        /// <summary>r (r×r) = Gᵀ s G for s (6×6); t is scratch of at least 24 vectors.</summary>
        static abstract void FilterGradientTile(float* s, float* t, float* r, int width);
    }

    /// <summary>F(4×4, 3×3): 3×3 filters, 4×4 output tiles (Lavin &amp; Gray's).</summary>
    private readonly struct F4x3 : IWinogradVariant
    {
        public static int Kernel => 3;

        public static int Tile => 4;

        public static int ChunkFloats => WinogradConv.ChunkFloats;

        public static int ItemFloats => 1 << 18;

        /// <summary>r[k·rStride] (6×6) = G g Gᵀ for g[k·width] (3×3), lane-wise, in registers.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void WeightTile(float* g, int width, float* r, long rStride)
        {
            // Columns: t = G g (6×3).
            WeightLine(At(g, 0, width), At(g, 3, width), At(g, 6, width), out var t00, out var t10, out var t20, out var t30, out var t40, out var t50);
            WeightLine(At(g, 1, width), At(g, 4, width), At(g, 7, width), out var t01, out var t11, out var t21, out var t31, out var t41, out var t51);
            WeightLine(At(g, 2, width), At(g, 5, width), At(g, 8, width), out var t02, out var t12, out var t22, out var t32, out var t42, out var t52);
            // Rows: r = t Gᵀ.
            WeightRow(t00, t01, t02, r + 0 * rStride, rStride);
            WeightRow(t10, t11, t12, r + 6 * rStride, rStride);
            WeightRow(t20, t21, t22, r + 12 * rStride, rStride);
            WeightRow(t30, t31, t32, r + 18 * rStride, rStride);
            WeightRow(t40, t41, t42, r + 24 * rStride, rStride);
            WeightRow(t50, t51, t52, r + 30 * rStride, rStride);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void WeightRow(Vector<float> g0, Vector<float> g1, Vector<float> g2, float* r, long stride)
        {
            WeightLine(g0, g1, g2, out var u0, out var u1, out var u2, out var u3, out var u4, out var u5);
            Unsafe.WriteUnaligned(r, u0);
            Unsafe.WriteUnaligned(r + stride, u1);
            Unsafe.WriteUnaligned(r + 2 * stride, u2);
            Unsafe.WriteUnaligned(r + 3 * stride, u3);
            Unsafe.WriteUnaligned(r + 4 * stride, u4);
            Unsafe.WriteUnaligned(r + 5 * stride, u5);
        }

        /// <summary>G·(g0, g1, g2).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void WeightLine(Vector<float> g0, Vector<float> g1, Vector<float> g2, out Vector<float> u0, out Vector<float> u1,
            out Vector<float> u2, out Vector<float> u3, out Vector<float> u4, out Vector<float> u5)
        {
            Vector<float> sum = g0 + g2, q = g0 * (1f / 24f) + g2 * (1f / 6f), r = g1 * (1f / 12f);
            u0 = g0 * 0.25f;
            u1 = (sum + g1) * (-1f / 6f);
            u2 = (sum - g1) * (-1f / 6f);
            u3 = q + r;
            u4 = q - r;
            u5 = g2;
        }

        /// <summary>y (4×4) = Aᵀ s A for s (6×6), lane-wise.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void OutputTile(float* s, float* y, float* t, int width)
        {
            for (int j = 0; j < 6; j++) // columns: t = Aᵀ s (4×6)
                OutputLine(At(s, j, width), At(s, 6 + j, width), At(s, 12 + j, width), At(s, 18 + j, width),
                    At(s, 24 + j, width), At(s, 30 + j, width), t, j, 6, width);
            for (int i = 0; i < 4; i++) // rows: y = t A
                OutputLine(At(t, i * 6, width), At(t, i * 6 + 1, width), At(t, i * 6 + 2, width), At(t, i * 6 + 3, width),
                    At(t, i * 6 + 4, width), At(t, i * 6 + 5, width), y, i * 4, 1, width);
        }

        /// <summary>Aᵀ·(m0 … m5) into a[at + i·step], i = 0..3.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void OutputLine(Vector<float> m0, Vector<float> m1, Vector<float> m2, Vector<float> m3, Vector<float> m4,
            Vector<float> m5, float* a, int at, int step, int width)
        {
            Vector<float> s1 = m1 + m2, d1 = m1 - m2, s2 = m3 + m4, d2 = m3 - m4;
            Put(a, at, width, m0 + s1 + s2);
            Put(a, at + step, width, d1 + d2 * 2f);
            Put(a, at + 2 * step, width, s1 + s2 * 4f);
            Put(a, at + 3 * step, width, d1 + d2 * 8f + m5);
        }

        /// <summary>r (6×6) = A d Aᵀ for d (4×4), lane-wise (A is Aᵀ of the output transform, transposed).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void GradientTile(float* d, float* r, float* t, int width)
        {
            for (int j = 0; j < 4; j++) // columns: t = A d (6×4)
                GradientLine(At(d, j, width), At(d, 4 + j, width), At(d, 8 + j, width), At(d, 12 + j, width), t, j, 4, width);
            for (int i = 0; i < 6; i++) // rows: r = t Aᵀ
                GradientLine(At(t, i * 4, width), At(t, i * 4 + 1, width), At(t, i * 4 + 2, width), At(t, i * 4 + 3, width),
                    r, i * 6, 1, width);
        }

        /// <summary>A·(y0 … y3) into a[at + i·step], i = 0..5.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void GradientLine(Vector<float> y0, Vector<float> y1, Vector<float> y2, Vector<float> y3, float* a, int at,
            int step, int width)
        {
            Vector<float> even = y0 + y2, odd = y1 + y3, even4 = y0 + y2 * 4f, odd4 = y1 * 2f + y3 * 8f;
            Put(a, at, width, y0);
            Put(a, at + step, width, even + odd);
            Put(a, at + 2 * step, width, even - odd);
            Put(a, at + 3 * step, width, even4 + odd4);
            Put(a, at + 4 * step, width, even4 - odd4);
            Put(a, at + 5 * step, width, y3);
        }

        /// <summary>r (3×3) = Gᵀ s G for s (6×6), lane-wise.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void FilterGradientTile(float* s, float* t, float* r, int width)
        {
            for (int j = 0; j < 6; j++) // columns: t = Gᵀ s (3×6)
                FilterGradientLine(At(s, j, width), At(s, 6 + j, width), At(s, 12 + j, width), At(s, 18 + j, width),
                    At(s, 24 + j, width), At(s, 30 + j, width), t, j, 6, width);
            for (int i = 0; i < 3; i++) // rows: r = t G
                FilterGradientLine(At(t, i * 6, width), At(t, i * 6 + 1, width), At(t, i * 6 + 2, width), At(t, i * 6 + 3, width),
                    At(t, i * 6 + 4, width), At(t, i * 6 + 5, width), r, i * 3, 1, width);
        }

        /// <summary>Gᵀ·(z0 … z5) into a[at + i·step], i = 0..2.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void FilterGradientLine(Vector<float> z0, Vector<float> z1, Vector<float> z2, Vector<float> z3, Vector<float> z4,
            Vector<float> z5, float* a, int at, int step, int width)
        {
            Vector<float> s12 = z1 + z2, d12 = z2 - z1, s34 = z3 + z4, d34 = z3 - z4;
            Put(a, at, width, z0 * 0.25f - s12 * (1f / 6f) + s34 * (1f / 24f));
            Put(a, at + step, width, d12 * (1f / 6f) + d34 * (1f / 12f));
            Put(a, at + 2 * step, width, (s34 - s12) * (1f / 6f) + z5);
        }
    }

    /// <summary>
    /// F(3×3, 4×4): 4×4 filters, 3×3 output tiles, on the same points. Aᵀ (3×6) evaluates [1, p, p²] at each point
    /// (∞ gives [0, 0, 1]); G (6×4) = [1/4 0 0 0; −1/6 −1/6 −1/6 −1/6; −1/6 1/6 −1/6 1/6; 1/24 1/12 1/6 1/3;
    /// 1/24 −1/12 1/6 −1/3; 0 0 0 1] (tools/derive_winograd_f3x4.py).
    /// </summary>
    private readonly struct F3x4 : IWinogradVariant
    {
        public static int Kernel => 4;

        public static int Tile => 3;

        /// <summary>
        /// 4× F(4×4, 3×3)'s: the transformed weight is rebuilt for every chunk, and the PatchGAN's 256→512 layer at 31²
        /// (121 tiles) ran 2.2× faster than im2col in one chunk but only 1.2× in three (single thread).
        /// </summary>
        public static int ChunkFloats => 4 * WinogradConv.ChunkFloats;

        /// <summary>
        /// As F(4×4, 3×3)'s. 4 MB once made the PatchGAN layer's data gradient 1.45–1.55× im2col against 1.25× with
        /// 1 MB, but that was before its weight gather was prefetched: since then 1 MB runs every pass as fast or
        /// faster (one thread, alternating: forward 10.6 vs 11.6 ms, data 12.7 vs 13.2, weight 12.5 vs 14.4) and keeps
        /// 6 MB less of the pix2pix step's peak memory.
        /// </summary>
        public static int ItemFloats => 1 << 18;

        /// <summary>r[k·rStride] (6×6) = G g Gᵀ for g[k·width] (4×4), lane-wise.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void WeightTile(float* g, int width, float* r, long rStride)
        {
            // Columns: t = G g (6×4).
            WeightLine(At(g, 0, width), At(g, 4, width), At(g, 8, width), At(g, 12, width),
                out var t00, out var t10, out var t20, out var t30, out var t40, out var t50);
            WeightLine(At(g, 1, width), At(g, 5, width), At(g, 9, width), At(g, 13, width),
                out var t01, out var t11, out var t21, out var t31, out var t41, out var t51);
            WeightLine(At(g, 2, width), At(g, 6, width), At(g, 10, width), At(g, 14, width),
                out var t02, out var t12, out var t22, out var t32, out var t42, out var t52);
            WeightLine(At(g, 3, width), At(g, 7, width), At(g, 11, width), At(g, 15, width),
                out var t03, out var t13, out var t23, out var t33, out var t43, out var t53);
            // Rows: r = t Gᵀ.
            WeightRow(t00, t01, t02, t03, r + 0 * rStride, rStride);
            WeightRow(t10, t11, t12, t13, r + 6 * rStride, rStride);
            WeightRow(t20, t21, t22, t23, r + 12 * rStride, rStride);
            WeightRow(t30, t31, t32, t33, r + 18 * rStride, rStride);
            WeightRow(t40, t41, t42, t43, r + 24 * rStride, rStride);
            WeightRow(t50, t51, t52, t53, r + 30 * rStride, rStride);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void WeightRow(Vector<float> g0, Vector<float> g1, Vector<float> g2, Vector<float> g3, float* r, long stride)
        {
            WeightLine(g0, g1, g2, g3, out var u0, out var u1, out var u2, out var u3, out var u4, out var u5);
            Unsafe.WriteUnaligned(r, u0);
            Unsafe.WriteUnaligned(r + stride, u1);
            Unsafe.WriteUnaligned(r + 2 * stride, u2);
            Unsafe.WriteUnaligned(r + 3 * stride, u3);
            Unsafe.WriteUnaligned(r + 4 * stride, u4);
            Unsafe.WriteUnaligned(r + 5 * stride, u5);
        }

        /// <summary>G·(g0, g1, g2, g3).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void WeightLine(Vector<float> g0, Vector<float> g1, Vector<float> g2, Vector<float> g3, out Vector<float> u0,
            out Vector<float> u1, out Vector<float> u2, out Vector<float> u3, out Vector<float> u4, out Vector<float> u5)
        {
            Vector<float> even = g0 + g2, odd = g1 + g3;
            Vector<float> q = g0 * (1f / 24f) + g2 * (1f / 6f), r = g1 * (1f / 12f) + g3 * (1f / 3f);
            u0 = g0 * 0.25f;
            u1 = (even + odd) * (-1f / 6f);
            u2 = (even - odd) * (-1f / 6f);
            u3 = q + r;
            u4 = q - r;
            u5 = g3;
        }

        /// <summary>y (3×3) = Aᵀ s A for s (6×6), lane-wise.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void OutputTile(float* s, float* y, float* t, int width)
        {
            for (int j = 0; j < 6; j++) // columns: t = Aᵀ s (3×6)
                OutputLine(At(s, j, width), At(s, 6 + j, width), At(s, 12 + j, width), At(s, 18 + j, width),
                    At(s, 24 + j, width), At(s, 30 + j, width), t, j, 6, width);
            for (int i = 0; i < 3; i++) // rows: y = t A
                OutputLine(At(t, i * 6, width), At(t, i * 6 + 1, width), At(t, i * 6 + 2, width), At(t, i * 6 + 3, width),
                    At(t, i * 6 + 4, width), At(t, i * 6 + 5, width), y, i * 3, 1, width);
        }

        /// <summary>Aᵀ·(m0 … m5) into a[at + i·step], i = 0..2.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void OutputLine(Vector<float> m0, Vector<float> m1, Vector<float> m2, Vector<float> m3, Vector<float> m4,
            Vector<float> m5, float* a, int at, int step, int width)
        {
            Vector<float> s1 = m1 + m2, d1 = m1 - m2, s2 = m3 + m4, d2 = m3 - m4;
            Put(a, at, width, m0 + s1 + s2);
            Put(a, at + step, width, d1 + d2 * 2f);
            Put(a, at + 2 * step, width, s1 + s2 * 4f + m5);
        }

        /// <summary>r (6×6) = A d Aᵀ for d (3×3), lane-wise.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void GradientTile(float* d, float* r, float* t, int width)
        {
            for (int j = 0; j < 3; j++) // columns: t = A d (6×3)
                GradientLine(At(d, j, width), At(d, 3 + j, width), At(d, 6 + j, width), t, j, 3, width);
            for (int i = 0; i < 6; i++) // rows: r = t Aᵀ
                GradientLine(At(t, i * 3, width), At(t, i * 3 + 1, width), At(t, i * 3 + 2, width), r, i * 6, 1, width);
        }

        /// <summary>A·(y0, y1, y2) into a[at + i·step], i = 0..5.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void GradientLine(Vector<float> y0, Vector<float> y1, Vector<float> y2, float* a, int at, int step, int width)
        {
            Vector<float> even = y0 + y2, even4 = y0 + y2 * 4f, odd2 = y1 * 2f;
            Put(a, at, width, y0);
            Put(a, at + step, width, even + y1);
            Put(a, at + 2 * step, width, even - y1);
            Put(a, at + 3 * step, width, even4 + odd2);
            Put(a, at + 4 * step, width, even4 - odd2);
            Put(a, at + 5 * step, width, y2);
        }

        /// <summary>r (4×4) = Gᵀ s G for s (6×6), lane-wise.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void FilterGradientTile(float* s, float* t, float* r, int width)
        {
            for (int j = 0; j < 6; j++) // columns: t = Gᵀ s (4×6)
                FilterGradientLine(At(s, j, width), At(s, 6 + j, width), At(s, 12 + j, width), At(s, 18 + j, width),
                    At(s, 24 + j, width), At(s, 30 + j, width), t, j, 6, width);
            for (int i = 0; i < 4; i++) // rows: r = t G
                FilterGradientLine(At(t, i * 6, width), At(t, i * 6 + 1, width), At(t, i * 6 + 2, width), At(t, i * 6 + 3, width),
                    At(t, i * 6 + 4, width), At(t, i * 6 + 5, width), r, i * 4, 1, width);
        }

        /// <summary>Gᵀ·(z0 … z5) into a[at + i·step], i = 0..3.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void FilterGradientLine(Vector<float> z0, Vector<float> z1, Vector<float> z2, Vector<float> z3, Vector<float> z4,
            Vector<float> z5, float* a, int at, int step, int width)
        {
            Vector<float> s12 = z1 + z2, d12 = z2 - z1, s34 = z3 + z4, d34 = z3 - z4;
            Put(a, at, width, z0 * 0.25f - s12 * (1f / 6f) + s34 * (1f / 24f));
            Put(a, at + step, width, d12 * (1f / 6f) + d34 * (1f / 12f));
            Put(a, at + 2 * step, width, (s34 - s12) * (1f / 6f));
            Put(a, at + 3 * step, width, d12 * (1f / 6f) + d34 * (1f / 3f) + z5);
        }
    }
}
