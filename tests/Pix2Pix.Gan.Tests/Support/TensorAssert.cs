using System.Text;

namespace Pix2Pix.Gan.Tests.Support;

/// <summary>Compares float arrays and, on failure, reports the max difference and the first mismatching elements.</summary>
public static class TensorAssert
{
    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float atol, float rtol, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: length {actual.Length}, expected {expected.Length}");
        double maxDiff = 0;
        int bad = 0;
        var first = new StringBuilder();
        for (int i = 0; i < expected.Length; i++)
        {
            double d = Math.Abs((double)expected[i] - actual[i]);
            maxDiff = Math.Max(maxDiff, d);
            if (!(d <= atol + rtol * Math.Abs(expected[i])))
            {
                if (bad < 5)
                    first.Append($"  [{i}] expected {expected[i]:G9} got {actual[i]:G9} (diff {d:G3})\n");
                bad++;
            }
        }
        Assert.True(bad == 0, $"{what}: {bad} of {expected.Length} elements differ beyond atol {atol} + rtol {rtol}; max diff {maxDiff:G3}\n{first}");
    }

    /// <summary>Max |expected − actual| and how many elements exceed <paramref name="tol"/>.</summary>
    public static (double MaxDiff, int Over) Stats(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tol)
    {
        double maxDiff = 0;
        int over = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = Math.Abs((double)expected[i] - actual[i]);
            maxDiff = Math.Max(maxDiff, d);
            if (d > tol)
                over++;
        }
        return (maxDiff, over);
    }
}
