using Pix2Pix.Gan.Data;

namespace Pix2Pix.Gan.Tests.Data;

public class DataOptionsTests
{
    private static readonly DataOptions Valid = new() { DataRoot = "/data/facades", DatasetMode = DatasetMode.Aligned };

    [Fact]
    public void Defaults_are_the_reference_defaults()
    {
        var o = new DataOptions();
        Assert.Equal("train", o.Phase);
        Assert.Equal(DatasetMode.Unaligned, o.DatasetMode);
        Assert.Equal(Direction.AtoB, o.Direction);
        Assert.Equal(int.MaxValue, o.MaxDatasetSize);
        Assert.Equal(286, o.LoadSize);
        Assert.Equal(256, o.CropSize);
        Assert.Equal(PreprocessMode.ResizeAndCrop, o.Preprocess);
        Assert.Equal(3, o.InputNc);
        Assert.Equal(3, o.OutputNc);
        Assert.Equal(1, o.BatchSize);
        Assert.Equal(4, o.NumThreads);
        Assert.False(o.NoFlip);
        Assert.False(o.SerialBatches);
    }

    [Fact]
    public void A_valid_record_passes_validation()
    {
        Valid.Validate();
    }

    [Fact]
    public void Crop_larger_than_load_size_for_resize_and_crop_says_which_flag_to_change()
    {
        var ex = Assert.Throws<DataException>(() => (Valid with { LoadSize = 200, CropSize = 256 }).Validate());
        Assert.Contains("--crop_size 256", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--load_size 256", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Crop_larger_than_load_size_is_fine_for_crop_only()
    {
        (Valid with { LoadSize = 200, CropSize = 256, Preprocess = PreprocessMode.Crop }).Validate();
    }

    [Theory]
    [InlineData(0, 1, "--batch_size")]
    [InlineData(1, 0, "--max_dataset_size")]
    public void Non_positive_sizes_are_rejected_naming_the_flag(int batch, int max, string flag)
    {
        var ex = Assert.Throws<DataException>(() => (Valid with { BatchSize = batch, MaxDatasetSize = max }).Validate());
        Assert.Contains(flag, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Colorization_needs_one_input_and_two_output_channels()
    {
        var ex = Assert.Throws<DataException>(() => (Valid with { DatasetMode = DatasetMode.Colorization }).Validate());
        Assert.Contains("--input_nc 1 --output_nc 2", ex.Message, StringComparison.Ordinal);
        (Valid with { DatasetMode = DatasetMode.Colorization, InputNc = 1, OutputNc = 2 }).Validate();
    }

    [Fact]
    public void Unsupported_channel_counts_are_rejected()
    {
        Assert.Throws<DataException>(() => (Valid with { InputNc = 2 }).Validate());
    }

    [Fact]
    public void Unknown_mode_names_list_the_allowed_ones()
    {
        var ex = Assert.Throws<DataException>(() => DataModeNames.ParseDatasetMode("paired"));
        Assert.Contains("aligned, unaligned, single, colorization", ex.Message, StringComparison.Ordinal);
        var ex2 = Assert.Throws<DataException>(() => DataModeNames.ParsePreprocess("resize"));
        Assert.Contains("resize_and_crop, crop, scale_width, scale_width_and_crop, none", ex2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mode_names_round_trip()
    {
        foreach (string name in DataModeNames.AllPreprocessModes)
            Assert.Equal(name, DataModeNames.Name(DataModeNames.ParsePreprocess(name)));
        foreach (string name in DataModeNames.AllDatasetModes)
            Assert.Equal(name, DataModeNames.Name(DataModeNames.ParseDatasetMode(name)));
        Assert.Equal(Direction.BtoA, DataModeNames.ParseDirection("btoa"));
    }

    [Fact]
    public void Direction_BtoA_swaps_the_channel_counts_of_A_and_B()
    {
        var o = Valid with { InputNc = 1, OutputNc = 3, Direction = Direction.BtoA };
        Assert.Equal(3, o.ChannelsA);
        Assert.Equal(1, o.ChannelsB);
    }
}
