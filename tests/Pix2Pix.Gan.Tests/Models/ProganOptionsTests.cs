using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Tests.Models;

/// <summary>progan's defaults are pytorch_GAN_zoo's; its schedule flags are checked against --crop_size with advice.</summary>
public class ProganOptionsTests
{
    private static TrainOptions Options(Action<TrainOptions>? change = null)
    {
        var o = new TrainOptions { Model = "progan", DataRoot = "." };
        o.ApplyModelDefaults(new HashSet<string>());
        change?.Invoke(o);
        return o;
    }

    [Fact]
    public void The_defaults_are_the_zoos_and_the_schedule_follows_the_crop_size()
    {
        var o = Options();
        Assert.Equal((16, 0.001f, 0f, 512), (o.BatchSize, o.Lr, o.Beta1, ProganModel.ZDimFlag.Get(o)));
        var s = ProganModel.ScheduleOf(o);
        Assert.Equal(6, s.Scales);   // 4 … 128
        Assert.Equal([512, 512, 512, 512, 256, 128], s.Depths);
        Assert.Equal(48000 + 5 * 96000, s.TotalIterations);
        Assert.Equal([0L], s.AlphaJumpIters[0]);
        Assert.Equal(601, s.AlphaJumpIters[1].Count);   // the zoo's loop: 1, 1 − 1/600, … while > 0 (600 values in doubles), then 0
        Assert.Equal(1.0, s.AlphaJumpValues[1][0]);
        Assert.Equal(0.0, s.AlphaJumpValues[1][^1]);
        Assert.Equal(32, s.AlphaJumpIters[1][1]);
    }

    [Theory]
    [InlineData("crop", "4, 8, 16, 32")]
    [InlineData("short", "gives 2 value(s) but --crop_size 128 needs 6 scales")]
    [InlineData("bad", "comma-separated list")]
    [InlineData("netG", "--netG progan --netD progan")]
    public void Wrong_schedules_are_refused_with_what_to_give(string kind, string message)
    {
        var o = Options(o =>
        {
            switch (kind)
            {
                case "crop": o.CropSize = o.LoadSize = 100; break;
                case "short": ProganModel.DepthScalesFlag.Set(o, "64,64"); break;
                case "bad": ProganModel.MaxIterAtScaleFlag.Set(o, "10,x"); break;
                default: o.NetG = "dcgan_mnist"; break;
            }
        });
        var ex = Assert.ThrowsAny<ArgumentException>(o.Validate);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_noise_models_refuse_the_progressive_networks()
    {
        var o = new TrainOptions { Model = "dcgan", DataRoot = "." };
        o.ApplyModelDefaults(new HashSet<string>());
        o.NetG = o.NetD = "progan";
        Assert.Contains("only --model progan", Assert.ThrowsAny<ArgumentException>(o.Validate).Message, StringComparison.Ordinal);
    }
}
