using Pix2Pix.Engine;
using Pix2Pix.Engine.Kernels;
using Pix2Pix.Engine.Kernels.Reference;
using Pix2Pix.Engine.Tests.Support;
using static Pix2Pix.Engine.Tests.Kernels.ConvKernelTestSupport;

namespace Pix2Pix.Engine.Tests.Kernels;

/// <summary>The exact elementwise kernels (no rounding beyond the scalar loop's) against the reference, bit for bit.</summary>
public class ElementwiseKernelTests
{
    public static TheoryData<string> Paths() => GemmKernelTests.Paths();

    internal static float[] R(Rng rng, int n)
    {
        var a = new float[n];
        rng.FillUniform(a, -2f, 2f);
        return a;
    }

    private delegate void Kernel(float[] a, float[] b, float[] destination);

    private static readonly (string Name, Kernel Fast, Kernel Slow)[] s_kernels =
    [
        ("add", (a, b, d) => Elementwise.Add(a, b, d), (a, b, d) => ElementwiseReference.Add(a, b, d)),
        ("subtract", (a, b, d) => Elementwise.Subtract(a, b, d), (a, b, d) => ElementwiseReference.Subtract(a, b, d)),
        ("multiply", (a, b, d) => Elementwise.Multiply(a, b, d), (a, b, d) => ElementwiseReference.Multiply(a, b, d)),
        ("scale shift", (a, _, d) => Elementwise.ScaleShift(a, 0.3f, -1.5f, d), (a, _, d) => ElementwiseReference.ScaleShift(a, 0.3f, -1.5f, d)),
        ("add scaled", (a, _, d) => Elementwise.AddScaled(a, 0.7f, d), (a, _, d) => ElementwiseReference.AddScaled(a, 0.7f, d)),
        ("add product", (a, b, d) => Elementwise.AddProduct(a, b, d), (a, b, d) => ElementwiseReference.AddProduct(a, b, d)),
        ("leaky relu", (a, _, d) => Elementwise.LeakyRelu(a, 0.2f, d), (a, _, d) => ElementwiseReference.LeakyRelu(a, 0.2f, d)),
        ("leaky relu backward", (a, b, d) => Elementwise.LeakyReluBackward(a, b, 0.2f, d), (a, b, d) => ElementwiseReference.LeakyReluBackward(a, b, 0.2f, d)),
        ("tanh backward", (a, b, d) => Elementwise.TanhBackward(a, b, d), (a, b, d) => ElementwiseReference.TanhBackward(a, b, d)),
        ("sigmoid backward", (a, b, d) => Elementwise.SigmoidBackward(a, b, d), (a, b, d) => ElementwiseReference.SigmoidBackward(a, b, d)),
    ];

    [Theory]
    [MemberData(nameof(Paths))]
    public void Exact_kernels_match_the_scalar_reference_bit_for_bit_for_lengths_1_to_256(string path)
    {
        using var forced = ForcedPath(path);
        var rng = new Rng(1);
        for (int n = 1; n <= 256; n++)
        {
            float[] a = R(rng, n), b = R(rng, n), start = R(rng, n);
            a[0] = 0f; // the x = 0 choice of the ReLU kernels
            foreach (var (name, fast, slow) in s_kernels)
            {
                float[] expected = (float[])start.Clone(), actual = (float[])start.Clone();
                slow(a, b, expected);
                fast(a, b, actual);
                TensorAssert.Identical(expected, actual, $"{name} n={n} on {path}");
            }
        }
    }

    [Fact]
    public void Kernels_compute_in_place_when_the_destination_is_a_source()
    {
        var rng = new Rng(2);
        float[] a = R(rng, 37), b = R(rng, 37), expected = new float[37];
        ElementwiseReference.Multiply(a, b, expected);
        Elementwise.Multiply(a, b, a);
        TensorAssert.Identical(expected, a, "multiply in place");
    }

    [Fact]
    public void Kernels_do_nothing_on_empty_spans()
    {
        Elementwise.Add([], [], []);
        Elementwise.Tanh([], []);
        Elementwise.AddProduct([], [], []);
    }

    [Fact]
    public void Every_kernel_kind_rejects_spans_of_different_lengths()
    {
        float[] three = new float[3], two = new float[2];
        foreach (Action call in new Action[]
        {
            () => Elementwise.Tanh(three, two),
            () => Elementwise.ScaleShift(two, 1f, 0f, three),
            () => Elementwise.Add(three, three, two),
            () => Elementwise.Add(three, two, three),
            () => Elementwise.AddScaled(three, 1f, two),
            () => Elementwise.AddProduct(three, two, three),
            () => Elementwise.LeakyReluBackward(two, three, 0.2f, three),
            () => Elementwise.SigmoidBackward(three, three, two),
        })
        {
            var ex = Assert.Throws<ArgumentException>(call);
            Assert.Contains("too short or too long", ex.Message);
        }
    }
}
