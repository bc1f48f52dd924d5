namespace Pix2Pix.Imaging.Tests.Support;

public class SupportSmokeTests
{
    [Fact]
    public void Repository_root_contains_the_solution_file()
    {
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "Pix2Pix.slnx")));
    }

    [DatasetFact("facades")]
    public void Dataset_fact_runs_only_when_the_facades_folder_exists()
    {
        Assert.True(Directory.Exists(Path.Combine(RepoPaths.Datasets, "facades")));
    }

    [Fact]
    public void Dataset_fact_skips_with_a_message_when_the_folder_is_absent()
    {
        var attribute = new DatasetFactAttribute("no-such-dataset-7f3a");
        Assert.NotNull(attribute.Skip);
        Assert.Contains("no-such-dataset-7f3a", attribute.Skip, StringComparison.Ordinal);
    }
}
