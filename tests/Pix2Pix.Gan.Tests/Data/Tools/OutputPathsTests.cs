using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Data.Tools;

namespace Pix2Pix.Gan.Tests.Data.Tools;

public sealed class OutputPathsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pix2pix-outpaths-" + Guid.NewGuid().ToString("N"));

    public OutputPathsTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(params string[] parts) => Path.Combine([_dir, .. parts]);

    [Fact]
    public void A_relative_path_inside_the_output_folder_is_kept()
    {
        Assert.Equal(P("out", "a", "b.png"), OutputPaths.Inside(P("out"), Path.Combine("a", "b.png")));
    }

    [Theory]
    [InlineData("../x.png")]
    [InlineData("a/../../x.png")]
    public void Dot_dot_cannot_leave_the_output_folder(string relative)
    {
        var ex = Assert.Throws<DataException>(() => OutputPaths.Inside(P("out"), relative));
        Assert.Contains("outside the output folder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rooted_relative_part_is_joined_under_the_output_folder()
    {
        Assert.StartsWith(P("out") + Path.DirectorySeparatorChar, OutputPaths.Inside(P("out"), "/etc/x.png"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_inside_the_output_folder_cannot_lead_outside_it()
    {
        Directory.CreateDirectory(P("out"));
        Directory.CreateDirectory(P("elsewhere"));
        Directory.CreateSymbolicLink(P("out", "link"), P("elsewhere"));
        Assert.Throws<DataException>(() => OutputPaths.Inside(P("out"), Path.Combine("link", "x.png")));
    }

    [Fact]
    public void An_output_folder_that_is_itself_a_link_is_followed()
    {
        Directory.CreateDirectory(P("real"));
        Directory.CreateSymbolicLink(P("out"), P("real"));
        Assert.Equal(P("real", "x.png"), OutputPaths.Inside(P("out"), "x.png"));
    }

    [Fact]
    public void An_output_that_is_an_input_is_refused_also_through_a_link()
    {
        File.WriteAllText(P("in.png"), "x");
        File.CreateSymbolicLink(P("alias.png"), P("in.png"));
        Assert.Throws<DataException>(() => OutputPaths.RefuseOverwritingInputs([(P("in.png"), P("in.png"))]));
        var ex = Assert.Throws<DataException>(() => OutputPaths.RefuseOverwritingInputs([(P("in.png"), P("alias.png"))]));
        Assert.Contains("never overwritten", ex.Message, StringComparison.Ordinal);
        OutputPaths.RefuseOverwritingInputs([(P("in.png"), P("out.png"))]);
    }
}
