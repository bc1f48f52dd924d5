using Pix2Pix.Engine;
using Pix2Pix.Engine.Optim;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Visuals;
using F = Pix2Pix.Engine.Functional;

namespace Pix2Pix.Gan.Models;

/// <summary>
/// <c>--model classifier</c>: the MNIST digit classifier (<see cref="MnistClassifier"/>) that <c>pix2pix quality</c>
/// judges the classic GANs' samples with — our stand-in for an Inception network, trained with our own engine. Cross
/// entropy, Adam. Trained like every model (run folder, resume, loss log); the samples after --max_dataset_size are
/// never trained on and are what accuracy and the real side of the Fréchet distance are measured on.
/// </summary>
internal sealed partial class ClassifierModel : GanModel
{
    private readonly Adam? _optimizer;
    private float _loss = float.NaN, _accuracy = float.NaN;

    public ClassifierModel(BaseOptions opt, ulong seed)
        : base(opt is TrainOptions, seed)
    {
        ArgumentNullException.ThrowIfNull(opt);
        Net = AddNetwork("C", new MnistClassifier(InitRng));
        if (opt is TrainOptions train)
            _optimizer = AddOptimizer("C", new Adam(Net.Parameters(), train.Lr, train.Beta1, 0.999f));
    }

    public MnistClassifier Net { get; }

    public Tensor? Images { get; private set; }

    public Tensor? Labels { get; private set; }

    public override IReadOnlyList<string> LossNames { get; } = ["CE", "acc"];

    public override IReadOnlyList<string> VisualNames => Descriptor.VisualNames;

    public override void SetInput(Tensor a, Tensor? b)
    {
        Images = a ?? throw new ArgumentNullException(nameof(a));
        Labels = b ?? throw new ArgumentException("--model classifier needs the digits' labels; train it on --dataset_mode mnist.", nameof(b));
    }

    public override void Forward()
    {
    }

    public override void OptimizeParameters()
    {
        var optimizer = _optimizer ?? throw new InvalidOperationException("This classifier was built for evaluation; build it with training options to train.");
        var images = Images ?? throw new InvalidOperationException("Call SetInput before OptimizeParameters.");
        optimizer.ZeroGrad();
        var logits = Net.Forward(images);
        var loss = F.CrossEntropy(logits, Labels!);
        loss.Backward();
        _loss = loss.Item();
        _accuracy = Accuracy(logits, Labels!);
        optimizer.Step();
    }

    /// <summary>The share of rows whose largest logit is their label.</summary>
    public static float Accuracy(Tensor logits, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        int n = logits.Dim(0), k = logits.Dim(1), right = 0;
        for (int r = 0; r < n; r++)
            if (ArgMax(logits.Data.AsSpan(r * k, k)) == (int)labels.Data[r])
                right++;
        return right / (float)n;
    }

    public static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int j = 1; j < row.Length; j++)
            if (row[j] > row[best])
                best = j;
        return best;
    }

    /// <summary>CE, and the batch's accuracy as a second "loss" so the log and the dashboard show it.</summary>
    public override IReadOnlyList<KeyValuePair<string, float>> CurrentLosses() => [new("CE", _loss), new("acc", _accuracy)];

    public override IReadOnlyList<(string Name, Tensor Image)> CurrentVisuals() =>
        Images is null ? [] : [("real", ImageGrid.Make(Images.Dim(0) <= 64 ? Images : F.Slice(Images, 0, 0, 64)))];
}
