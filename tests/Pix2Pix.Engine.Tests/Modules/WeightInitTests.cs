using Pix2Pix.Engine;
using Pix2Pix.Engine.Init;
using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Engine.Tests.Modules;

public class WeightInitTests
{
    private static (double Mean, double Std) Moments(float[] v)
    {
        double mean = v.Average(x => (double)x);
        return (mean, Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length));
    }

    private static Sequential Net() => new(new Conv2d(16, 32, 4, 2, 1), new BatchNorm2d(32), new ConvTranspose2d(32, 16, 4, 2, 1), new Linear(64, 32), new InstanceNorm2d(8, affine: true));

    [Theory]
    [InlineData(nameof(InitType.Normal))]
    [InlineData(nameof(InitType.Xavier))]
    [InlineData(nameof(InitType.Kaiming))]
    [InlineData(nameof(InitType.Orthogonal))]
    public void Init_weights_gives_the_reference_distributions_and_zero_biases(string typeName)
    {
        var type = Enum.Parse<InitType>(typeName);
        var net = Net();
        WeightInit.Apply(net, type, 0.02f, new Rng(1));
        var conv = (Conv2d)net[0];
        var (mean, std) = Moments(conv.Weight.Data);
        double expected = type switch
        {
            InitType.Normal => 0.02,
            InitType.Xavier => 0.02 * Math.Sqrt(2.0 / (16 * 16 + 32 * 16)),
            InitType.Kaiming => Math.Sqrt(2.0 / (16 * 16)),
            _ => 0.02 / Math.Sqrt(16 * 16), // rows of an orthonormal 32×256 matrix have unit norm
        };
        Assert.InRange(std, expected * 0.9, expected * 1.1);
        Assert.InRange(Math.Abs(mean), 0, expected * 0.2);
        Assert.All(conv.Bias!.Data, v => Assert.Equal(0f, v));
        Assert.All(((ConvTranspose2d)net[2]).Bias!.Data, v => Assert.Equal(0f, v));
        Assert.All(((Linear)net[3]).Bias!.Data, v => Assert.Equal(0f, v));
        var bn = (BatchNorm2d)net[1];
        Assert.InRange(Moments(bn.Weight!.Data).Mean, 0.98, 1.02);
        Assert.All(bn.Bias!.Data, v => Assert.Equal(0f, v));
        // InstanceNorm's affine weight is not touched by the reference's init (it matches 'BatchNorm2d' only).
        Assert.All(((InstanceNorm2d)net[4]).Weight!.Data, v => Assert.Equal(1f, v));
    }

    [Fact]
    public void Orthogonal_init_gives_orthonormal_rows_scaled_by_the_gain()
    {
        var w = Tensor.Zeros(6, 3, 2, 2); // 6×12: rows orthogonal
        WeightInit.Orthogonal(w, 2f, new Rng(3));
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++)
            {
                double dot = 0;
                for (int k = 0; k < 12; k++) dot += w.Data[i * 12 + k] * w.Data[j * 12 + k];
                Assert.Equal(i == j ? 4.0 : 0.0, dot, 4);
            }
        var tall = Tensor.Zeros(12, 6); // columns orthogonal
        WeightInit.Orthogonal(tall, 1f, new Rng(4));
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++)
            {
                double dot = 0;
                for (int k = 0; k < 12; k++) dot += tall.Data[k * 6 + i] * tall.Data[k * 6 + j];
                Assert.Equal(i == j ? 1.0 : 0.0, dot, 4);
            }
    }

    [Fact]
    public void Same_seed_gives_the_same_weights_and_names_parse_like_the_reference()
    {
        var a = Net();
        var b = Net();
        WeightInit.Apply(a, InitType.Normal, 0.02f, new Rng(9));
        WeightInit.Apply(b, InitType.Normal, 0.02f, new Rng(9));
        Assert.Equal(a.Parameters().SelectMany(p => p.Data), b.Parameters().SelectMany(p => p.Data));
        Assert.Equal(InitType.Kaiming, WeightInit.Parse("kaiming"));
        Assert.Contains("normal, xavier", Assert.Throws<ArgumentException>(() => WeightInit.Parse("he")).Message);
    }
}
