using System.Reflection;
using Pix2Pix.Engine;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Tests.Library;

/// <summary>
/// The library packages' public surface is small and deliberate (docs/library.md); everything else is internal. A type
/// made public by accident fails here (and its missing XML docs fail the build); a deliberate addition updates this
/// list and the docs.
/// </summary>
public class PublicSurfaceTests
{
    [Fact]
    public void Only_the_documented_types_are_public()
    {
        var assemblies = new[] { typeof(Tensor).Assembly, typeof(Image).Assembly, typeof(Generator).Assembly };
        var exported = assemblies.SelectMany(a => a.GetExportedTypes()).Select(t => t.FullName).Order(StringComparer.Ordinal).ToArray();
        string[] expected =
        [
            "Pix2Pix.Engine.Checkpoints.CheckpointException",
            "Pix2Pix.Engine.Tensor",
            "Pix2Pix.Gan.FitMode",
            "Pix2Pix.Gan.Generator",
            "Pix2Pix.Gan.GeneratorLoadOptions",
            "Pix2Pix.Imaging.DecodeLimits",
            "Pix2Pix.Imaging.Image",
            "Pix2Pix.Imaging.ImageCodecs",
            "Pix2Pix.Imaging.ImageDecodeException",
            "Pix2Pix.Imaging.ImageFormat",
            "Pix2Pix.Imaging.ImageSaveOptions",
        ];
        Assert.Equal(expected, exported);
    }

    [Fact]
    public void The_tensor_shows_only_its_shape_and_data()
    {
        var members = typeof(Tensor).GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m is not MethodInfo { IsSpecialName: true } || m.Name.StartsWith("op_", StringComparison.Ordinal))
            .Select(m => m.Name).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal([".ctor", "Count", "Data", "Dim", "Rank", "Shape", "ToString", "op_Addition", "op_Multiply", "op_Subtraction", "op_UnaryNegation"], members);
    }

    [Fact]
    public void Every_library_assembly_ships_its_xml_documentation()
    {
        foreach (var assembly in new[] { typeof(Tensor).Assembly, typeof(Image).Assembly, typeof(Generator).Assembly })
        {
            string xml = Path.ChangeExtension(assembly.Location, ".xml");
            Assert.True(File.Exists(xml), $"{xml} is missing: GenerateDocumentationFile must stay on for {assembly.GetName().Name}");
            Assert.Contains("<member name=\"T:", File.ReadAllText(xml), StringComparison.Ordinal);
        }
    }
}
