using Pix2Pix.Engine;
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
}
