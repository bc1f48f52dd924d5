using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Imaging;

namespace Pix2Pix.Cli.Tests;

/// <summary>examples/TranslateExample (the README's "Use from C#"), run as its own program on a tiny untrained generator.</summary>
public class TranslateExampleTests
{
    [Fact]
    public void Example_translates_an_image_of_any_size_to_a_png_of_that_size()
    {
        using var tmp = new DatasetsTempFolder();
        var g = NetworkFactory.DefineG(3, 3, 4, "unet_128", "batch", false, "normal", 0.02f, new Rng(1), null);
        Checkpoint.Save(tmp["g.safetensors"], g.StateDict());
        ImageCodecs.SavePng(new Image(100, 60, 3), tmp["in.png"]);

        string example = Path.Combine(AppContext.BaseDirectory, "TranslateExample.dll");
        var r = ProcessRunner.Run("dotnet", [example, tmp["g.safetensors"], tmp["in.png"], tmp["out.png"]]);

        Assert.True(r.Exit == 0, ProcessRunner.Describe(r));
        Assert.Contains("architecture inferred", r.Output);
        Assert.Contains(tmp["out.png"], r.Output);
        var result = ImageCodecs.Load(tmp["out.png"]);
        Assert.Equal((100, 60, 3), (result.Width, result.Height, result.Channels));
    }

    [Fact]
    public void Example_without_three_arguments_prints_its_usage_and_exits_2()
    {
        var r = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "TranslateExample.dll")]);
        Assert.Equal(2, r.Exit);
        Assert.Contains("usage: TranslateExample CHECKPOINT INPUT_IMAGE OUTPUT.png", r.Error);
    }
}

/// <summary>The README shows the example's code; the two stay the same.</summary>
public class TranslateExampleReadmeTests
{
    [Fact]
    public void Readme_shows_the_example_code_as_it_is()
    {
        string root = PackToolTests.RepoRoot();
        string code = File.ReadAllText(Path.Combine(root, "examples", "TranslateExample", "Program.cs")).ReplaceLineEndings("\n");
        string body = code[code.IndexOf("using Pix2Pix.Gan;", StringComparison.Ordinal)..].TrimEnd('\n');
        string readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        Assert.Contains("```csharp\n" + body + "\n```", readme);
    }
}
