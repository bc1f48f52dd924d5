namespace Pix2Pix.Gan.Evaluation;

/// <summary>
/// The Fréchet distance between two Gaussians fitted to feature vectors (the formula FID uses, here in whatever feature
/// space the caller gives): |μ₁ − μ₂|² + tr(Σ₁) + tr(Σ₂) − 2·tr((Σ₁Σ₂)^½). tr((Σ₁Σ₂)^½) is Σ√λᵢ over the eigenvalues of
/// the symmetric matrix Σ₁^½ Σ₂ Σ₁^½ (the same eigenvalues as Σ₁Σ₂), so only symmetric eigen-decompositions are
/// needed (cyclic Jacobi, in double). Covariances are unbiased (n − 1), as numpy's <c>np.cov</c>.
/// </summary>
internal static class FrechetDistance
{
    /// <summary>The distance between the Gaussians of <paramref name="a"/> and <paramref name="b"/> (rows = samples, all of one length).</summary>
    public static double Between(IReadOnlyList<float[]> a, IReadOnlyList<float[]> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count < 2 || b.Count < 2)
            throw new ArgumentException($"A Fréchet distance needs at least two samples on each side (got {a.Count} and {b.Count}).");
        var (muA, covA) = Moments(a);
        var (muB, covB) = Moments(b);
        if (muA.Length != muB.Length)
            throw new ArgumentException($"The two sides have {muA.Length} and {muB.Length} features.");
        return Between(muA, covA, muB, covB);
    }

    /// <summary>The distance between N(<paramref name="muA"/>, <paramref name="covA"/>) and N(<paramref name="muB"/>, <paramref name="covB"/>).</summary>
    public static double Between(double[] muA, double[,] covA, double[] muB, double[,] covB)
    {
        ArgumentNullException.ThrowIfNull(muA);
        ArgumentNullException.ThrowIfNull(muB);
        int d = muA.Length;
        double meanTerm = 0;
        for (int i = 0; i < d; i++)
            meanTerm += (muA[i] - muB[i]) * (muA[i] - muB[i]);
        var sqrtA = SymmetricFunction(covA, Math.Sqrt);
        var m = Multiply(Multiply(sqrtA, covB), sqrtA);
        Symmetrize(m);
        var (values, _) = Eigen(m);
        double traceSqrt = values.Sum(v => Math.Sqrt(Math.Max(v, 0)));
        return meanTerm + Trace(covA) + Trace(covB) - 2 * traceSqrt;
    }

    /// <summary>Mean and unbiased covariance of the rows.</summary>
    public static (double[] Mean, double[,] Covariance) Moments(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int n = rows.Count, d = rows[0].Length;
        var mean = new double[d];
        foreach (var row in rows)
        {
            if (row.Length != d)
                throw new ArgumentException($"Feature vectors of different lengths ({d} and {row.Length}).", nameof(rows));
            for (int i = 0; i < d; i++)
                mean[i] += row[i];
        }
        for (int i = 0; i < d; i++)
            mean[i] /= n;
        var cov = new double[d, d];
        var centred = new double[d];
        foreach (var row in rows)
        {
            for (int i = 0; i < d; i++)
                centred[i] = row[i] - mean[i];
            for (int i = 0; i < d; i++)
            {
                double ci = centred[i];
                if (ci == 0)
                    continue;
                for (int j = i; j < d; j++)
                    cov[i, j] += ci * centred[j];
            }
        }
        for (int i = 0; i < d; i++)
            for (int j = i; j < d; j++)
                cov[j, i] = cov[i, j] = cov[i, j] / (n - 1);
        return (mean, cov);
    }

    /// <summary>f applied to a symmetric matrix's eigenvalues: V·f(Λ)·Vᵀ (negative round-off eigenvalues clamp to 0).</summary>
    public static double[,] SymmetricFunction(double[,] s, Func<double, double> f)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(f);
        var (values, vectors) = Eigen(s);
        int d = values.Length;
        var result = new double[d, d];
        for (int k = 0; k < d; k++)
        {
            double fk = f(Math.Max(values[k], 0));
            for (int i = 0; i < d; i++)
            {
                double vik = vectors[i, k] * fk;
                for (int j = 0; j < d; j++)
                    result[i, j] += vik * vectors[j, k];
            }
        }
        return result;
    }

    /// <summary>
    /// Eigenvalues and eigenvectors (columns) of a symmetric matrix by cyclic Jacobi rotations, until the off-diagonal
    /// mass is below 1e-22 of the total (or 100 sweeps).
    /// </summary>
    public static (double[] Values, double[,] Vectors) Eigen(double[,] s)
    {
        ArgumentNullException.ThrowIfNull(s);
        int d = s.GetLength(0);
        if (s.GetLength(1) != d)
            throw new ArgumentException("The matrix must be square.", nameof(s));
        var a = (double[,])s.Clone();
        var v = new double[d, d];
        for (int i = 0; i < d; i++)
            v[i, i] = 1;
        double total = 0;
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                total += a[i, j] * a[i, j];
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (int i = 0; i < d; i++)
                for (int j = i + 1; j < d; j++)
                    off += a[i, j] * a[i, j];
            if (off <= 1e-22 * total || off == 0)
                break;
            for (int p = 0; p < d; p++)
            {
                for (int q = p + 1; q < d; q++)
                {
                    double apq = a[p, q];
                    if (Math.Abs(apq) < 1e-300)
                        continue;
                    double theta = (a[q, q] - a[p, p]) / (2 * apq);
                    double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0)
                        t = 1;
                    double c = 1 / Math.Sqrt(t * t + 1), sn = t * c;
                    for (int k = 0; k < d; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - sn * akq;
                        a[k, q] = sn * akp + c * akq;
                    }
                    for (int k = 0; k < d; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - sn * aqk;
                        a[q, k] = sn * apk + c * aqk;
                    }
                    for (int k = 0; k < d; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = c * vkp - sn * vkq;
                        v[k, q] = sn * vkp + c * vkq;
                    }
                }
            }
        }
        var values = new double[d];
        for (int i = 0; i < d; i++)
            values[i] = a[i, i];
        return (values, v);
    }

    private static double[,] Multiply(double[,] x, double[,] y)
    {
        int n = x.GetLength(0), k = x.GetLength(1), m = y.GetLength(1);
        var r = new double[n, m];
        for (int i = 0; i < n; i++)
            for (int l = 0; l < k; l++)
            {
                double xil = x[i, l];
                if (xil == 0)
                    continue;
                for (int j = 0; j < m; j++)
                    r[i, j] += xil * y[l, j];
            }
        return r;
    }

    private static void Symmetrize(double[,] m)
    {
        int d = m.GetLength(0);
        for (int i = 0; i < d; i++)
            for (int j = i + 1; j < d; j++)
                m[i, j] = m[j, i] = (m[i, j] + m[j, i]) / 2;
    }

    private static double Trace(double[,] m)
    {
        double t = 0;
        for (int i = 0; i < m.GetLength(0); i++)
            t += m[i, i];
        return t;
    }
}
