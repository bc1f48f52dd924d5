using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Tests.Options;

public class OptionsTests
{
    [Fact]
    public void Pix2pix_model_defaults_apply_only_to_flags_the_user_did_not_give()
    {
        var o = new TrainOptions { Model = "pix2pix", Norm = "instance" };
        o.ApplyModelDefaults(new HashSet<string> { "model", "norm" });
        Assert.Equal("instance", o.Norm);       // given by the user: kept
        Assert.Equal("unet_256", o.NetG);
        Assert.Equal("aligned", o.DatasetMode);
        Assert.Equal(0, o.PoolSize);
        Assert.Equal("vanilla", o.GanMode);
    }

    [Fact]
    public void Options_json_round_trips_every_flag()
    {
        var o = new TrainOptions { Model = "pix2pix", LambdaL1 = 12.5f, NoFlip = true, MaxDatasetSize = int.MaxValue, Name = "run one" };
        string json = OptionsFile.ToJson(o);
        var back = new TrainOptions();
        OptionsFile.FromJson(json, back, "options.json");
        foreach (var spec in o.Specs)
            Assert.Equal(spec.Format(o), spec.Format(back));
        Assert.Contains("\"max_dataset_size\": \"inf\"", json);
    }

    [Fact]
    public void Train_opt_text_marks_non_defaults_like_the_reference()
    {
        var o = new TrainOptions { BatchSize = 4 };
        string text = OptionsFile.ToText(o, new TrainOptions());
        Assert.StartsWith("----------------- Options ---------------\n", text);
        Assert.Contains("               batch_size: 4                             \t[default: 1]\n", text);
        Assert.Contains("                    beta1: 0.5                           \n", text);
        Assert.EndsWith("----------------- End -------------------\n", text);
    }

    [Fact]
    public void A_choice_flag_rejects_unknown_values_and_lists_the_allowed_ones()
    {
        var spec = TrainOptions.TrainSpecs.Single(s => s.Flag == "netG");
        var ex = Assert.Throws<ArgumentException>(() => spec.Set(new TrainOptions(), "unet_512"));
        Assert.Contains("unet_256", ex.Message);
        Assert.Contains("resnet_9blocks", ex.Message);
    }

    [Fact]
    public void Validation_says_which_crop_sizes_a_unet_accepts()
    {
        var o = new TrainOptions { DataRoot = "x", Model = "pix2pix", NetG = "unet_256", CropSize = 300, LoadSize = 320 };
        var ex = Assert.Throws<ArgumentException>(o.Validate);
        Assert.Contains("not a multiple of 256", ex.Message);
        Assert.Contains("use 256 or 512", ex.Message);
    }

    [Fact]
    public void Test_overrides_force_batch_one_serial_no_flip_and_load_equals_crop()
    {
        var o = new TestOptions { BatchSize = 8, LoadSize = 286, CropSize = 256 };
        o.ApplyTestOverrides();
        Assert.Equal(1, o.BatchSize);
        Assert.True(o.SerialBatches);
        Assert.True(o.NoFlip);
        Assert.Equal(256, o.LoadSize);
        Assert.Equal(int.MaxValue, o.NumTest);
    }
}
