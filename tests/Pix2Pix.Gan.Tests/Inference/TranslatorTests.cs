using Pix2Pix.Gan;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Inference;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Tests.Inference;

public class TranslatorTests
{
    private static Image Noise(int seed)
    {
        var rng = new Rng((ulong)seed);
        var image = new Image(128, 128, 3);
        for (int i = 0; i < image.Pixels.Length; i++)
            image.Pixels[i] = (byte)rng.NextInt(256);
        return image;
    }

    [Fact]
    public void Translating_images_one_after_another_gives_each_the_result_a_fresh_translator_gives()
    {
        Translator Make() => new(NetworkFactory.DefineG(3, 3, 4, "unet_128", "batch", false, "normal", 0.02f, new Rng(4), new Rng(5)), 3, 128, eval: true);
        var shared = Make();
        var first = shared.Translate(Noise(1), "one.png");
        var second = shared.Translate(Noise(2), "two.png");
        var again = shared.Translate(Noise(1), "one.png");
        Assert.Equal(first.Pixels, again.Pixels);
        Assert.Equal(Make().Translate(Noise(2), "two.png").Pixels, second.Pixels);
        Assert.NotEqual(first.Pixels, second.Pixels);
    }

    [Fact]
    public void A_translator_folds_batch_norms_only_into_a_generator_it_owns_in_eval_mode()
    {
        Module G() => NetworkFactory.DefineG(3, 3, 4, "unet_128", "batch", false, "normal", 0.02f, new Rng(4), null);
        var shared = G();
        var owned = G();
        var training = G();
        var sharedTranslator = new Translator(shared, 3, new SizeRule(128, "test"), eval: true);
        var ownedTranslator = new Translator(owned, 3, new SizeRule(128, "test"), eval: true, ownsGenerator: true);
        _ = new Translator(training, 3, new SizeRule(128, "test"), eval: false, ownsGenerator: true);
        Assert.False(shared.IsInferenceOnly);
        Assert.True(owned.IsInferenceOnly);
        Assert.False(training.IsInferenceOnly);
        var a = sharedTranslator.Translate(Noise(3), "three.png");
        var b = ownedTranslator.Translate(Noise(3), "three.png");
        // Folding changes float rounding only: at most one 8-bit step apart.
        Assert.All(a.Pixels.Zip(b.Pixels), p => Assert.InRange(Math.Abs(p.First - p.Second), 0, 1));
    }
}

public class TranslatorBatchTests
{
    [Theory]
    [InlineData("batch")]
    [InlineData("instance")]
    public void A_batch_gives_each_image_the_result_it_gets_alone_in_eval_mode(string norm)
    {
        var g = NetworkFactory.DefineG(3, 3, 4, "unet_128", norm, false, "normal", 0.02f, new Rng(4), null);
        var translator = new Translator(g, 3, 128, eval: true);
        var rng = new Rng(9);
        var batch = new Tensor(new float[3 * 3 * 128 * 128], 3, 3, 128, 128);
        for (int i = 0; i < batch.Data.Length; i++)
            batch.Data[i] = rng.NextFloat() * 2 - 1;
        var together = translator.Generate(batch);
        int size = 3 * 128 * 128;
        for (int n = 0; n < 3; n++)
        {
            var alone = translator.Generate(new Tensor(batch.Data.AsSpan(n * size, size).ToArray(), 1, 3, 128, 128));
            float maxDiff = 0;
            for (int i = 0; i < size; i++)
                maxDiff = Math.Max(maxDiff, Math.Abs(alone.Data[i] - together.Data[n * size + i]));
            Assert.True(maxDiff <= 1e-6f, $"image {n}: max difference {maxDiff:E2}");
        }
    }

    [Fact]
    public void Batch_statistics_mix_images_only_with_batchnorm_outside_eval_mode()
    {
        Module G(string norm) => NetworkFactory.DefineG(3, 3, 4, "unet_128", norm, false, "normal", 0.02f, new Rng(4), null);
        Assert.True(new Translator(G("batch"), 3, 128, eval: false).BatchStatisticsMixImages);
        Assert.False(new Translator(G("batch"), 3, 128, eval: true).BatchStatisticsMixImages);
        Assert.False(new Translator(G("instance"), 3, 128, eval: false).BatchStatisticsMixImages);
    }

    [Fact]
    public void Fitted_images_come_back_at_their_own_sizes()
    {
        var translator = new Translator(NetworkFactory.DefineG(3, 3, 4, "unet_128", "batch", false, "normal", 0.02f, new Rng(4), null), 3, 128, eval: true);
        var image = new Image(100, 60, 3);
        Assert.Equal((100, 60), Size(translator.Translate(image, "a.png", fit: FitMode.Pad)));
        Assert.Equal((100, 60), Size(translator.Translate(image, "a.png", fit: FitMode.Resize)));
        Assert.Throws<ArgumentException>(() => translator.Translate(image, "a.png"));
    }

    private static (int, int) Size(Image image) => (image.Width, image.Height);
}
