namespace Pix2Pix.Engine.Kernels;

/// <summary>Argument checks for <see cref="Gemm.Multiply"/> (sizes, leading dimensions, span lengths).</summary>
internal static class GemmArguments
{
    public static void Validate(bool transA, bool transB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentException($"GEMM sizes must be 0 or more but are m={m}, n={n}, k={k}.");
        // Stored shapes: A is m×k (k×m when transposed), B is k×n (n×k when transposed), C is m×n.
        CheckMatrix("a", nameof(lda), transA ? k : m, transA ? m : k, lda, aLength, destination: false);
        CheckMatrix("b", nameof(ldb), transB ? n : k, transB ? k : n, ldb, bLength, destination: false);
        CheckMatrix("c", nameof(ldc), m, n, ldc, cLength, destination: true);
    }

    private static void CheckMatrix(string name, string ldName, int rows, int cols, int ld, int length, bool destination)
    {
        if (ld < Math.Max(1, cols))
            throw new ArgumentException(
                $"Leading dimension {ldName}={ld} is smaller than the stored width of {name} ({cols}); it must be at least the row length.", ldName);
        if (rows == 0 || cols == 0)
            return;
        long needed = (long)(rows - 1) * ld + cols;
        if (length < needed)
            throw new ArgumentException(
                $"{(destination ? "Destination" : "Source")} is too short: {name} has {length} elements but a {rows}×{cols} matrix with row stride {ld} needs {needed}.",
                name);
    }
}
