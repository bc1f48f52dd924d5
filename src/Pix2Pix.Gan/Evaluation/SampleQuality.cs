using Pix2Pix.Engine;
using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Inference;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Gan.Evaluation;

/// <summary>What <c>pix2pix quality</c> measures of a noise model's samples with a trained digit classifier (docs/quality.md).</summary>
/// <param name="LabelAccuracy">cgan: the share of samples classified as the label they were drawn for; null for unconditional models.</param>
/// <param name="Histogram">Samples per predicted class.</param>
/// <param name="EntropyBits">Entropy of the predicted-class histogram in bits (log2 10 ≈ 3.32 when all ten digits are equally common).</param>
/// <param name="MeanConfidence">Mean of the classifier's largest probability per sample.</param>
/// <param name="Frechet">Fréchet distance between held-out real digits and the samples in the classifier's 128 features (not FID: no Inception network).</param>
/// <param name="ClassifierAccuracy">The classifier's accuracy on the held-out real digits.</param>
internal sealed record QualityReport(
    string Model, int Samples, ulong Seed, float? LabelAccuracy, int[] Histogram, double EntropyBits, double MeanConfidence,
    double Frechet, double ClassifierAccuracy, int HeldOut);

/// <summary>A trained <c>--model classifier</c> run, ready to judge images, and where its held-out digits are.</summary>
internal sealed class DigitJudge
{
    private const int Chunk = 256;

    private DigitJudge(MnistClassifier net, string dataRoot, int trainedOn, string runPath)
    {
        Net = net;
        DataRoot = dataRoot;
        TrainedOn = trainedOn;
        RunPath = runPath;
    }

    public MnistClassifier Net { get; }

    /// <summary>The classifier's --dataroot.</summary>
    public string DataRoot { get; }

    /// <summary>Its --max_dataset_size: samples from this index on were never trained on.</summary>
    public int TrainedOn { get; }

    public string RunPath { get; }

    /// <summary>Loads the classifier of run folder <paramref name="runPath"/> (checkpoint <paramref name="epoch"/>) in eval mode.</summary>
    public static DigitJudge Load(string runPath, string epoch = "latest")
    {
        var run = new RunFolder(runPath);
        if (!File.Exists(run.OptionsJson))
            throw new FileNotFoundException($"'{runPath}' has no options.json, so it is not a classifier run; train one with 'pix2pix train --model classifier --dataroot MNIST_DIR --name mnist_classifier'.", run.OptionsJson);
        var options = new TrainOptions();
        run.LoadOptions(options);
        if (options.Model != "classifier")
            throw new ArgumentException($"'{runPath}' is a --model {options.Model} run; --classifier needs a --model classifier run.");
        var model = new ClassifierModel(new TestOptions(), (ulong)options.Seed);
        run.LoadNetwork(model.Net, epoch, "C");
        model.Net.Eval();
        return new DigitJudge(model.Net, options.DataRoot, options.MaxDatasetSize, run.Path);
    }

    /// <summary>Logits [N, 10] and features [N, 128] of images [N, 1, 28 or more, same].</summary>
    public (float[] Logits, float[] Features) Judge(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        int n = images.Dim(0), per = images.Count / Math.Max(n, 1);
        var logits = new float[n * MnistClassifier.Classes];
        var features = new float[n * MnistClassifier.FeatureCount];
        using var noGrad = Autograd.NoGrad();
        for (int start = 0; start < n; start += Chunk)
        {
            int m = Math.Min(Chunk, n - start);
            var chunk = new Tensor(images.Data.AsSpan(start * per, m * per).ToArray(), [m, .. images.ShapeArray()[1..]]);
            var f = Net.Features(chunk);
            var l = Net.Head.Forward(f);
            f.Data.AsSpan(0, f.Count).CopyTo(features.AsSpan(start * MnistClassifier.FeatureCount));
            l.Data.AsSpan(0, l.Count).CopyTo(logits.AsSpan(start * MnistClassifier.Classes));
        }
        return (logits, features);
    }

    /// <summary>The held-out digits of the classifier's data (or of <paramref name="dataRoot"/>): images [N, 1, 28, 28] and labels.</summary>
    public (Tensor Images, int[] Labels) HeldOut(string? dataRoot = null, int max = 10_000)
    {
        string root = dataRoot ?? DataRoot;
        var data = new MnistDataset(new DataOptions { DataRoot = root, DatasetMode = DatasetMode.Mnist, InputNc = 1, OutputNc = 1, LoadSize = 28, CropSize = 28, Preprocess = PreprocessMode.None, NoFlip = true });
        int first = Math.Min(TrainedOn, data.Count), count = Math.Min(data.Count - first, max);
        if (count < 2)
            throw new ArgumentException($"The classifier in '{RunPath}' was trained on the first {TrainedOn} of the {data.Count} digits in '{root}', so none are held out to compare with. Train it with a smaller --max_dataset_size (the default 9000 holds out t10k's last 1,000).");
        var pixels = new float[count * 28 * 28];
        var labels = new int[count];
        var random = new DataRandom(0);
        for (int i = 0; i < count; i++)
        {
            var sample = data.GetItem(first + i, random);
            sample.A.Data.AsSpan(0, 784).CopyTo(pixels.AsSpan(i * 784));
            labels[i] = (int)sample.B!.Data[0];
        }
        return (new Tensor(pixels, count, 1, 28, 28), labels);
    }
}

/// <summary>Measures a noise model's samples against held-out real digits (<see cref="QualityReport"/>).</summary>
internal static class SampleQuality
{
    public static QualityReport Measure(LatentSampler sampler, DigitJudge judge, int count, ulong seed, string? dataRoot = null)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentNullException.ThrowIfNull(judge);
        if (sampler.Model.Conditional && sampler.Model.NumClasses != MnistClassifier.Classes)
            throw new ArgumentException($"'{sampler.RunPath}' draws {sampler.Model.NumClasses} classes of its own (--num_classes), but the quality numbers judge MNIST's ten digits.");
        var (realImages, realLabels) = judge.HeldOut(dataRoot);
        var (realLogits, realFeatures) = judge.Judge(realImages);
        int right = 0;
        for (int i = 0; i < realLabels.Length; i++)
            if (ClassifierModel.ArgMax(realLogits.AsSpan(i * 10, 10)) == realLabels[i])
                right++;

        // cgan: sample i is drawn for digit i % 10, as `sample` does without --label
        var samples = sampler.Sample(count, label: null, seed);
        var (logits, features) = judge.Judge(samples);
        var probabilities = Functional.SoftmaxRows(new Tensor(logits, count, 10));
        var histogram = new int[10];
        double confidence = 0;
        int asLabel = 0;
        for (int i = 0; i < count; i++)
        {
            var p = probabilities.AsSpan(i * 10, 10);
            int predicted = ClassifierModel.ArgMax(p);
            histogram[predicted]++;
            confidence += p[predicted];
            if (predicted == i % 10)
                asLabel++;
        }
        double entropy = 0;
        foreach (int h in histogram)
            if (h > 0)
                entropy -= h / (double)count * Math.Log2(h / (double)count);
        double frechet = FrechetDistance.Between(Rows(realFeatures, MnistClassifier.FeatureCount), Rows(features, MnistClassifier.FeatureCount));
        return new QualityReport(sampler.ModelName, count, seed, sampler.Model.Conditional ? asLabel / (float)count : null, histogram, entropy,
            confidence / count, frechet, right / (double)realLabels.Length, realLabels.Length);
    }

    /// <summary>The Fréchet distance of real held-out digits to themselves split in two halves: the floor a perfect generator would reach with this many samples.</summary>
    public static double RealFloor(DigitJudge judge, string? dataRoot = null)
    {
        ArgumentNullException.ThrowIfNull(judge);
        var (images, _) = judge.HeldOut(dataRoot);
        var (_, features) = judge.Judge(images);
        var rows = Rows(features, MnistClassifier.FeatureCount);
        int half = rows.Count / 2;
        return FrechetDistance.Between(rows.Take(half).ToList(), rows.Skip(half).ToList());
    }

    private static List<float[]> Rows(float[] flat, int width)
    {
        var rows = new List<float[]>(flat.Length / width);
        for (int i = 0; i < flat.Length; i += width)
            rows.Add(flat.AsSpan(i, width).ToArray());
        return rows;
    }
}
