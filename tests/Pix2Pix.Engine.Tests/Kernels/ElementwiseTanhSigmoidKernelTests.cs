using Pix2Pix.Engine;
using Pix2Pix.Engine.Kernels;
using Pix2Pix.Engine.Kernels.Reference;
using Pix2Pix.Engine.Tests.Support;
using Xunit.Abstractions;
using static Pix2Pix.Engine.Tests.Kernels.ConvKernelTestSupport;

namespace Pix2Pix.Engine.Tests.Kernels;

/// <summary>
/// The vector tanh and sigmoid: within 2 ulp of double precision, and the same bits on every SIMD path and at every
/// position of a span (so training is reproducible across machines with different vector widths).
/// </summary>
public class ElementwiseTanhSigmoidKernelTests(ITestOutputHelper output)
{
    private const int MaxUlp = 2;

    public static TheoryData<string> Paths() => GemmKernelTests.Paths();

    private delegate void Kernel(ReadOnlySpan<float> x, Span<float> y);

    private static readonly (string Name, Kernel Fast, Kernel Slow)[] s_kernels =
    [
        ("tanh", Elementwise.Tanh, ElementwiseReference.Tanh),
        ("sigmoid", Elementwise.Sigmoid, ElementwiseReference.Sigmoid),
    ];

    /// <summary>Distance in representable floats (0 for two NaNs).</summary>
    internal static long UlpDistance(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b))
            return float.IsNaN(a) && float.IsNaN(b) ? 0 : long.MaxValue;
        static long Ordered(float v)
        {
            int bits = BitConverter.SingleToInt32Bits(v);
            return bits < 0 ? (long)int.MinValue - bits : bits;
        }
        return Math.Abs(Ordered(a) - Ordered(b));
    }

    private static long MaxUlpError(Kernel fast, Kernel slow, float[] x, string what)
    {
        float[] expected = new float[x.Length], actual = new float[x.Length];
        slow(x, expected);
        fast(x, actual);
        long worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            long d = UlpDistance(expected[i], actual[i]);
            if (d > MaxUlp)
                Assert.Fail($"{what}: at x = {x[i]:R} the kernel gives {actual[i]:R}, the double-precision reference {expected[i]:R} ({d} ulp apart).");
            worst = Math.Max(worst, d);
        }
        return worst;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Tanh_and_sigmoid_are_within_2_ulp_for_lengths_1_to_256(string path)
    {
        using var forced = ForcedPath(path);
        var rng = new Rng(3);
        foreach (var (name, fast, slow) in s_kernels)
            for (int n = 1; n <= 256; n++)
            {
                var x = new float[n];
                rng.FillUniform(x, -12f, 12f);
                MaxUlpError(fast, slow, x, $"{name} n={n} on {path}");
            }
    }

    [Fact]
    public void Tanh_and_sigmoid_are_within_2_ulp_over_a_dense_sweep_and_special_values()
    {
        var x = new List<float>
        {
            0f, -0f, float.Epsilon, -float.Epsilon, 1e-30f, -1e-30f, 1e-5f, 0.625f, -0.625f, 9.01f, 10f, -10f, 20f,
            87f, -87f, 88.8f, -88.8f, 103f, -103f, 104f, -104f, 110f, -110f, float.MaxValue, float.MinValue,
            float.PositiveInfinity, float.NegativeInfinity, float.NaN,
        };
        // Every 61st float in [2⁻²⁰, 128) (≈ 1.1 M values per sign), both signs.
        for (int bits = BitConverter.SingleToInt32Bits(1f / (1 << 20)); bits < BitConverter.SingleToInt32Bits(128f); bits += 61)
        {
            float v = BitConverter.Int32BitsToSingle(bits);
            x.Add(v);
            x.Add(-v);
        }
        float[] values = [.. x];
        foreach (var (name, fast, slow) in s_kernels)
        {
            long worst = MaxUlpError(fast, slow, values, name);
            output.WriteLine($"{name}: max error {worst} ulp over {values.Length} values");
        }
    }

    [Fact]
    public void Tanh_and_sigmoid_give_the_same_bits_on_every_path_and_at_every_position()
    {
        var x = new float[1000];
        new Rng(4).FillUniform(x, -12f, 12f);
        foreach (var (name, fast, _) in s_kernels)
        {
            float[] expected = new float[x.Length];
            fast(x, expected);
            foreach (SimdPath p in new[] { SimdPath.Vector512, SimdPath.Vector256, SimdPath.Portable }.Where(SimdPaths.IsSupported))
            {
                string path = p.ToString();
                using var forced = ForcedPath(path);
                float[] whole = new float[x.Length], single = new float[x.Length];
                fast(x, whole);
                TensorAssert.Identical(expected, whole, $"{name} on {path}");
                for (int i = 0; i < x.Length; i++)
                    fast(x.AsSpan(i, 1), single.AsSpan(i, 1));
                TensorAssert.Identical(expected, single, $"{name} one element at a time on {path}");
            }
        }
    }

    /// <summary>
    /// The bits of tanh and sigmoid over 100 003 seeded values, as a checksum recorded on an AVX-512 machine: a machine
    /// with other vector widths (or none: <c>DOTNET_EnableAVX512F=0</c>, <c>DOTNET_EnableAVX=0</c>,
    /// <c>DOTNET_EnableHWIntrinsic=0</c>) must produce the same.
    /// </summary>
    [Fact]
    public void Tanh_and_sigmoid_bits_match_the_checksum_recorded_on_another_vector_width()
    {
        var x = new float[100_003];
        new Rng(5).FillUniform(x, -12f, 12f);
        var y = new float[x.Length];
        foreach (var (name, fast, _) in s_kernels)
        {
            fast(x, y);
            ulong hash = 14695981039346656037;
            foreach (float v in y)
                hash = (hash ^ (uint)BitConverter.SingleToInt32Bits(v)) * 1099511628211;
            output.WriteLine($"{name}: {hash:x16} on {SimdPaths.Current}, Vector<float>.Count = {System.Numerics.Vector<float>.Count}");
            Assert.Equal(name == "tanh" ? 0x50e52f8b25fe3894UL : 0x985b867057be1bfaUL, hash);
        }
    }
}
