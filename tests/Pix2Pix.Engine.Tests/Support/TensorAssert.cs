using System.Globalization;
using System.Text;
using Pix2Pix.Engine;

namespace Pix2Pix.Engine.Tests.Support;

/// <summary>Tensor comparisons whose failures print the max difference and the first mismatching elements.</summary>
public static class TensorAssert
{
    /// <summary>Passes when every |actual − expected| ≤ atol + rtol·|expected| (and shapes match).</summary>
    public static void Close(Tensor expected, Tensor actual, float rtol = 1e-4f, float atol = 1e-5f, string name = "tensor")
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (!expected.SameShape(actual))
            Assert.Fail($"{name}: shape {Tensor.ShapeString(actual.Shape)} but expected {Tensor.ShapeString(expected.Shape)}.");
        Close(expected.Data, actual.Data, rtol, atol, name);
    }

    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float rtol = 1e-4f, float atol = 1e-5f, string name = "values")
    {
        if (expected.Length != actual.Length)
            Assert.Fail($"{name}: {actual.Length} elements but expected {expected.Length}.");
        var report = Compare(expected, actual, rtol, atol);
        if (report.Mismatches > 0)
            Assert.Fail($"{name}: {report.Mismatches} of {expected.Length} elements differ beyond rtol {rtol} / atol {atol}. {report.Text}");
    }

    /// <summary>Bit-for-bit equality (determinism tests).</summary>
    public static void Identical(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string name = "values")
    {
        if (expected.Length != actual.Length)
            Assert.Fail($"{name}: {actual.Length} elements but expected {expected.Length}.");
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                var report = Compare(expected, actual, 0, 0);
                Assert.Fail($"{name}: not bit-identical; first difference at [{i}]. {report.Text}");
            }
        }
    }

    /// <summary>The largest absolute difference, for tests that log it.</summary>
    public static float MaxAbsDifference(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        float max = 0;
        for (int i = 0; i < expected.Length; i++)
            max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        return max;
    }

    private static (int Mismatches, string Text) Compare(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float rtol, float atol)
    {
        var sb = new StringBuilder();
        int mismatches = 0;
        float maxDiff = 0;
        int maxAt = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            float diff = Math.Abs(expected[i] - actual[i]);
            bool bad = !(diff <= atol + rtol * Math.Abs(expected[i])) || float.IsNaN(actual[i]) != float.IsNaN(expected[i]);
            if (float.IsNaN(diff) && float.IsNaN(expected[i]) && float.IsNaN(actual[i]))
                bad = false;
            if (diff > maxDiff || (float.IsNaN(diff) && maxAt < 0))
            {
                maxDiff = diff;
                maxAt = i;
            }
            if (!bad)
                continue;
            if (mismatches < 8)
                sb.Append(CultureInfo.InvariantCulture, $" [{i}] expected {expected[i]:G9} got {actual[i]:G9};");
            mismatches++;
        }
        string head = maxAt >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"Max |difference| {maxDiff:G6} at [{maxAt}] (expected {expected[maxAt]:G9}, got {actual[maxAt]:G9}). First mismatches:")
            : "No difference.";
        return (mismatches, head + sb);
    }
}
