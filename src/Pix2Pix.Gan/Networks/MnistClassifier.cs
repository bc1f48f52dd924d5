using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Networks;

/// <summary>
/// The digit classifier of <c>--model classifier</c>, which judges the classic GANs' samples (docs/quality.md): three
/// convolutions (1→32 3×3, 32→64 4×4 stride 2, 64→64 4×4 stride 2, each with ReLU; 28² → 14² → 7²), a 3136→128 linear
/// layer with ReLU — the <see cref="Features"/> the Fréchet distance is measured in — and a 128→10 linear layer giving
/// the logits. PyTorch's default initialisation. Images are [N, 1, 28, 28] in [−1, 1], as the mnist mode serves them;
/// 32² samples (dcgan_mnist32) are cropped to their centre 28² first, undoing the mode's padding.
/// </summary>
internal sealed class MnistClassifier : Module
{
    public const int Side = 28;
    public const int Classes = 10;
    public const int FeatureCount = 128;

    public MnistClassifier(Rng? rng)
    {
        Body = RegisterModule("features", new Sequential(
            new Conv2d(1, 32, 3, 1, 1, rng: rng), new ReLU(),
            new Conv2d(32, 64, 4, 2, 1, rng: rng), new ReLU(),
            new Conv2d(64, 64, 4, 2, 1, rng: rng), new ReLU(),
            new Flatten(),
            new Linear(64 * 7 * 7, FeatureCount, rng: rng), new ReLU()));
        Head = RegisterModule("head", new Linear(FeatureCount, Classes, rng: rng));
    }

    public Sequential Body { get; }

    public Linear Head { get; }

    /// <summary>The logits [N, 10].</summary>
    public override Tensor Forward(Tensor input) => Head.Forward(Features(input));

    /// <summary>The penultimate activations [N, 128].</summary>
    public Tensor Features(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Body.Forward(CropToSide(input));
    }

    /// <summary>[N, 1, 28, 28] as given; larger square images are cropped to their centre 28×28; anything else is refused.</summary>
    public static Tensor CropToSide(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Rank != 4 || images.Dim(1) != 1 || images.Dim(2) != images.Dim(3) || images.Dim(2) < Side)
            throw new ArgumentException($"The digit classifier takes gray square images of at least {Side}x{Side} ([N, 1, H, H]); got {Tensor.ShapeString(images.Shape)}. Quality numbers are for the MNIST models (gan, cgan, dcgan with dcgan_mnist or dcgan_mnist32, wgangp, and a progan run on MNIST once it has grown to 32x32: train it to its last scale).", nameof(images));
        int side = images.Dim(2);
        if (side == Side)
            return images;
        int n = images.Dim(0), offset = (side - Side) / 2;
        var cropped = new float[n * Side * Side];
        for (int i = 0; i < n; i++)
            for (int y = 0; y < Side; y++)
                images.Data.AsSpan((i * side + y + offset) * side + offset, Side).CopyTo(cropped.AsSpan((i * Side + y) * Side, Side));
        return new Tensor(cropped, n, 1, Side, Side);
    }
}
