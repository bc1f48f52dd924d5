using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Tests.Options;

public class OptionRangeTests
{
    [Fact]
    public void Every_train_and_test_flag_that_takes_a_value_has_a_range_or_a_list_of_choices()
    {
        var missing = TrainOptions.TrainSpecs.Concat(TestOptions.TestSpecs)
            .Where(s => s.ValueType != typeof(bool) && s.Allowed is null && s.Range is null)
            .Select(s => s.Flag).Distinct().ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_default_is_inside_its_range()
    {
        var train = new TrainOptions();
        foreach (var spec in train.Specs)
            Assert.Null(spec.Problem(spec.Get(train)));
        var test = new TestOptions();
        foreach (var spec in test.Specs)
            Assert.Null(spec.Problem(spec.Get(test)));
    }

    [Fact]
    public void Messages_name_the_flag_the_value_and_what_to_use()
    {
        var spec = TrainOptions.TrainSpecs.Single(s => s.Flag == "save_epoch_freq");
        Assert.Equal("--save_epoch_freq 0 is too small: use 1 or more (a number of epochs).", spec.Problem(0));
        var gain = TrainOptions.TrainSpecs.Single(s => s.Flag == "init_gain");
        Assert.Equal("--init_gain NaN is not a finite number: use a value more than 0 and at most 100 (the reference uses 0.02).", gain.Problem(float.NaN));
    }

    [Fact]
    public void Validate_checks_ranges_of_options_built_in_code_too()
    {
        var opt = new TrainOptions { DataRoot = "d", SaveEpochFreq = 0 };
        var ex = Assert.Throws<OptionsException>(opt.Validate);
        Assert.Contains("--save_epoch_freq 0", ex.Message);
    }

    [Theory]
    [InlineData(256, 6)]
    [InlineData(128, 5)]
    [InlineData(64, 4)]
    [InlineData(16, 2)]
    public void An_n_layers_discriminator_may_be_as_deep_as_the_crop_allows(int crop, int most)
    {
        var ok = new TrainOptions { DataRoot = "d", Model = "pix2pix", NetG = "unet_128", NetD = "n_layers", CropSize = crop, LoadSize = crop, Preprocess = "none", NLayersD = most };
        ok.Validate();
        var deep = new TrainOptions { DataRoot = "d", Model = "pix2pix", NetG = "unet_128", NetD = "n_layers", CropSize = crop, LoadSize = crop, Preprocess = "none", NLayersD = most + 1 };
        var ex = Assert.Throws<OptionsException>(deep.Validate);
        Assert.Contains($"use --n_layers_D {most} or less", ex.Message);
    }
}
