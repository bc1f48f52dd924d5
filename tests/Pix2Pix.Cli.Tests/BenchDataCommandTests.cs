namespace Pix2Pix.Cli.Tests;

public class BenchDataCommandTests
{
    [Fact]
    public void Bench_data_reports_decode_and_loader_images_per_second()
    {
        using var tmp = new DatasetsTempFolder();
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["d"], "--count", "6", "--size", "64").Exit);
        var r = DatasetsCli.Run("bench-data", "--dataroot", tmp["d"], "--load_size", "64", "--crop_size", "64", "--num_threads", "1");
        Assert.True(r.Exit == 0, r.Error);
        Assert.Matches(@"^6 images: decode \d+\.\d images/s \(1 thread\); loader \d+\.\d images/s \(aligned, resize_and_crop 64->64, 1 thread\(s\)\)", r.Output);
    }

    [Fact]
    public void Bench_data_on_a_folder_without_images_says_what_it_needs()
    {
        using var tmp = new DatasetsTempFolder();
        var r = DatasetsCli.Run("bench-data", "--dataroot", tmp.Path);
        Assert.Equal(1, r.Exit);
        Assert.Contains("No images under", r.Error);
    }
}
