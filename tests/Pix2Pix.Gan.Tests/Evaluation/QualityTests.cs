using System.Globalization;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Gan.Evaluation;
using Pix2Pix.Gan.Inference;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Tests.Training;
using Pix2Pix.Gan.Training;
using F = Pix2Pix.Engine.Functional;

namespace Pix2Pix.Gan.Tests.Evaluation;

/// <summary>
/// The pieces of <c>pix2pix quality</c> (docs/quality.md): cross entropy and the Fréchet distance against PyTorch/numpy
/// (tools/make_classifier_reference.py), the Fréchet distance on Gaussians whose distance is known, and the classifier
/// learning digits and judging a generator.
/// </summary>
public class QualityPiecesTests
{
    private static readonly Lazy<SafeTensorsFile> s_reference = new(() =>
        Checkpoint.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", "classifier_reference.safetensors")));

    private static Tensor Get(string name) => s_reference.Value.Tensors.TryGetFloat(name, out var t) ? t : throw new KeyNotFoundException(name);

    [Fact]
    public void Cross_entropy_and_its_gradient_match_pytorch()
    {
        var logits = Get("ce.logits").Clone();
        logits.RequiresGrad = true;
        var loss = F.CrossEntropy(logits, Get("ce.labels"));
        loss.Backward();
        Assert.Equal(Get("ce.loss").Data[0], loss.Item(), 5);
        var expected = Get("ce.grad").Data;
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - logits.Grad![i]) <= 1e-6f, $"gradient {i}: {logits.Grad![i]} vs PyTorch {expected[i]}");
    }

    [Fact]
    public void Cross_entropy_stays_finite_for_huge_logits_and_refuses_bad_labels()
    {
        var logits = new Tensor([1000f, -1000f, 0f, 3e30f, 0f, -3e30f], 2, 3);
        Assert.Equal(1000f, F.CrossEntropy(logits, new Tensor([1f, 0f], 2)).Item(), 3);   // row 0: 2000/2 + row 1: 0
        var ex = Assert.Throws<ArgumentException>(() => F.CrossEntropy(logits, new Tensor([1f, 3f], 2)));
        Assert.Contains("not a class index 0–2", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => F.CrossEntropy(logits, new Tensor([0.5f, 1f], 2)));
        var p = F.SoftmaxRows(new Tensor([0f, 0f, (float)Math.Log(2)], 1, 3));
        Assert.Equal(new[] { 0.25f, 0.25f, 0.5f }, p.Select(v => MathF.Round(v, 6)));
    }

    [Fact]
    public void Frechet_distance_matches_numpy_on_correlated_features()
    {
        var a = Rows(Get("fd.a"));
        var b = Rows(Get("fd.b"));
        double expected = double.Parse(s_reference.Value.Metadata["fd_float64"], CultureInfo.InvariantCulture);
        double actual = FrechetDistance.Between(a, b);
        Assert.True(Math.Abs(actual - expected) <= 1e-6 * Math.Max(1, expected), $"ours {actual}, numpy {expected}");
    }

    [Fact]
    public void Frechet_distance_of_diagonal_gaussians_is_the_sum_of_squared_mean_and_deviation_differences()
    {
        // N(μ₁, diag σ₁²) vs N(μ₂, diag σ₂²): Σ(μ₁ − μ₂)² + Σ(σ₁ − σ₂)²; given as moments, so exact
        double[] mu1 = [0, 1, 2], mu2 = [1, 1, 0];
        double[] s1 = [1, 2, 3], s2 = [2, 2, 1];
        var c1 = new double[3, 3];
        var c2 = new double[3, 3];
        for (int i = 0; i < 3; i++)
        {
            c1[i, i] = s1[i] * s1[i];
            c2[i, i] = s2[i] * s2[i];
        }
        Assert.Equal(1 + 0 + 4 + 1 + 0 + 4, FrechetDistance.Between(mu1, c1, mu2, c2), 9);
        Assert.Equal(0, FrechetDistance.Between(mu1, c1, mu1, c1), 9);
    }

    [Fact]
    public void Jacobi_eigen_decomposition_rebuilds_a_symmetric_matrix()
    {
        var rng = new Rng(3);
        const int d = 12;
        var m = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++)
                m[i, j] = m[j, i] = rng.NextFloat() * 2 - 1;
        var (values, vectors) = FrechetDistance.Eigen(m);
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
            {
                double rebuilt = 0;
                for (int k = 0; k < d; k++)
                    rebuilt += vectors[i, k] * values[k] * vectors[j, k];
                Assert.True(Math.Abs(rebuilt - m[i, j]) < 1e-10, $"({i}, {j}): {rebuilt} vs {m[i, j]}");
            }
    }

    private static List<float[]> Rows(Tensor t) =>
        Enumerable.Range(0, t.Dim(0)).Select(i => t.Data.AsSpan(i * t.Dim(1), t.Dim(1)).ToArray()).ToList();
}

/// <summary>The classifier trained on synthetic bar digits (the column says the label), then used to judge a generator.</summary>
[Collection("Training runs")]
public class ClassifierTrainingTests
{
    [Fact]
    public void The_classifier_learns_the_digits_and_holds_out_the_samples_after_max_dataset_size()
    {
        using var run = new DigitRun(600);
        var options = run.Options("classifier", "clf", epochs: 2, batchSize: 32);
        options.MaxDatasetSize = 500;
        using (var trainer = new Trainer(options, TextWriter.Null))
        {
            Assert.IsType<ClassifierModel>(trainer.Model);
            trainer.Train();
        }
        var judge = DigitJudge.Load(Path.Combine(options.CheckpointsDir, "clf"));
        Assert.Equal(500, judge.TrainedOn);
        var (images, labels) = judge.HeldOut();
        Assert.Equal(100, labels.Length);
        Assert.Equal(Enumerable.Range(500, 100).Select(i => i % 10), labels);
        var (logits, features) = judge.Judge(images);
        int right = Enumerable.Range(0, labels.Length).Count(i => ClassifierModel.ArgMax(logits.AsSpan(i * 10, 10)) == labels[i]);
        Assert.True(right >= 95, $"{right} of 100 held-out bars classified right");
        Assert.Equal(100 * MnistClassifier.FeatureCount, features.Length);

        // a 32x32 image padded as the mnist mode pads (dcgan_mnist32) is judged as its 28x28 centre
        var padded = new float[32 * 32];
        Array.Fill(padded, -1f);
        for (int y = 0; y < 28; y++)
            images.Data.AsSpan(y * 28, 28).CopyTo(padded.AsSpan((y + 2) * 32 + 2));
        var alone = judge.Judge(new Tensor(padded, 1, 1, 32, 32)).Logits;   // a batch of one sums in another order
        for (int j = 0; j < 10; j++)
            Assert.True(Math.Abs(alone[j] - logits[j]) <= 1e-4f * Math.Max(1f, Math.Abs(logits[j])), $"logit {j}: {alone[j]} alone, {logits[j]} in the batch");
        Assert.Throws<ArgumentException>(() => judge.Judge(new Tensor(new float[3 * 28 * 28], 1, 3, 28, 28)));
    }

    [Fact]
    public void Quality_reports_label_accuracy_coverage_and_a_frechet_distance_for_a_cgan()
    {
        using var run = new DigitRun(400);
        var classifier = run.Options("classifier", "clf", epochs: 2, batchSize: 32);
        classifier.MaxDatasetSize = 300;
        using (var trainer = new Trainer(classifier, TextWriter.Null))
            trainer.Train();
        var cgan = run.Options("cgan", "cg", epochs: 1, batchSize: 32);
        using (var trainer = new Trainer(cgan, TextWriter.Null))
            trainer.Train();

        var judge = DigitJudge.Load(Path.Combine(classifier.CheckpointsDir, "clf"));
        var sampler = LatentSampler.Load(cgan.CheckpointsDir, "cg");
        var report = SampleQuality.Measure(sampler, judge, count: 200, seed: 1);
        Assert.Equal("cgan", report.Model);
        Assert.NotNull(report.LabelAccuracy);
        Assert.Equal(200, report.Histogram.Sum());
        Assert.InRange(report.EntropyBits, 0, Math.Log2(10) + 1e-9);
        Assert.InRange(report.MeanConfidence, 0.1, 1.0);
        Assert.True(report.Frechet > 0 && double.IsFinite(report.Frechet), $"Fréchet {report.Frechet}");
        Assert.Equal(100, report.HeldOut);
        Assert.True(report.ClassifierAccuracy >= 0.95, $"classifier accuracy {report.ClassifierAccuracy}");
        // the same seed draws the same samples, so the same figures
        Assert.Equal(report.Frechet, SampleQuality.Measure(sampler, judge, count: 200, seed: 1).Frechet);
        // real digits against real digits: far closer than a one-epoch generator
        Assert.True(SampleQuality.RealFloor(judge) < report.Frechet, "held-out halves should be closer to each other than to the samples");
    }

    [Fact]
    public void A_classifier_that_holds_nothing_out_is_refused_with_what_to_do()
    {
        using var run = new DigitRun(100);
        var options = run.Options("classifier", "all", epochs: 1, batchSize: 50);
        using (var trainer = new Trainer(options, TextWriter.Null))
            trainer.Train();
        var judge = DigitJudge.Load(Path.Combine(options.CheckpointsDir, "all"));
        var ex = Assert.Throws<ArgumentException>(() => judge.HeldOut());
        Assert.Contains("smaller --max_dataset_size", ex.Message, StringComparison.Ordinal);
    }
}
