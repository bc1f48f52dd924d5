using Pix2Pix.Gan.Downloads;

namespace Pix2Pix.Gan.Tests.Downloads;

public class ModelCatalogTests
{
    [Theory]
    [InlineData("facades_label2photo", null, "http://efrosgans.eecs.berkeley.edu/pix2pix/models-pytorch/facades_label2photo.pth")]
    [InlineData("day2night", null, "http://efrosgans.eecs.berkeley.edu/pix2pix/models-pytorch/day2night.pth")]
    [InlineData("horse2zebra", null, "http://efrosgans.eecs.berkeley.edu/cyclegan/pretrained_models/horse2zebra.pth")]
    [InlineData("style_monet", null, "http://efrosgans.eecs.berkeley.edu/cyclegan/pretrained_models/style_monet.pth")]
    [InlineData("facades_label2photo", nameof(ModelFamily.CycleGan), "http://efrosgans.eecs.berkeley.edu/cyclegan/pretrained_models/facades_label2photo.pth")]
    public void Released_names_map_to_the_urls_of_the_reference_scripts(string name, string? familyName, string url)
    {
        ModelFamily? family = familyName is null ? null : Enum.Parse<ModelFamily>(familyName);
        Assert.Equal(url, ModelCatalog.Find(name, family).Url(ModelCatalog.DefaultBaseUrl).ToString());
    }

    [Fact]
    public void The_catalog_holds_exactly_the_names_the_two_download_scripts_list()
    {
        Assert.Equal(["edges2shoes", "sat2map", "map2sat", "facades_label2photo", "day2night"], ModelCatalog.Pix2Pix.Select(m => m.Name));
        Assert.Equal(18, ModelCatalog.CycleGan.Count);
        Assert.Equal(["sat2map", "map2sat", "facades_label2photo"], ModelCatalog.Pix2Pix.Select(m => m.Name).Where(ModelCatalog.InBothFamilies));
    }

    [Fact]
    public void Every_model_is_saved_as_the_latest_generator_of_a_name_pretrained_run()
    {
        var model = ModelCatalog.Find("edges2shoes");
        Assert.Equal("edges2shoes_pretrained", model.RunName);
        Assert.Equal("latest_net_G.pth", PretrainedModel.FileName);
    }

    [Fact]
    public void The_architecture_follows_the_family_as_the_reference_readme_runs_it()
    {
        Assert.Contains("unet_256", ModelCatalog.Find("edges2shoes").Architecture, StringComparison.Ordinal);
        Assert.Contains("--direction BtoA", ModelCatalog.Find("facades_label2photo").ReferenceTestCommand, StringComparison.Ordinal);
        Assert.Contains("resnet_9blocks", ModelCatalog.Find("horse2zebra").Architecture, StringComparison.Ordinal);
        Assert.Contains("--model test --no_dropout", ModelCatalog.Find("horse2zebra").ReferenceTestCommand, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_name_lists_the_valid_names()
    {
        var ex = Assert.Throws<ModelDownloadException>(() => ModelCatalog.Find("facades"));
        Assert.Contains("Unknown pretrained model 'facades'", ex.Message, StringComparison.Ordinal);
        foreach (string name in new[] { "edges2shoes", "day2night", "horse2zebra", "iphone2dslr_flower" })
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pix2pix_only_name_is_not_found_among_the_cyclegan_models()
    {
        var ex = Assert.Throws<ModelDownloadException>(() => ModelCatalog.Find("edges2shoes", ModelFamily.CycleGan));
        Assert.Contains("cycle_gan collection", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("day2night", ex.Message, StringComparison.Ordinal);
    }
}
