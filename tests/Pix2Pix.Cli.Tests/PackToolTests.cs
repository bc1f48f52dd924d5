using System.Reflection;
using System.Runtime.CompilerServices;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Imaging;

namespace Pix2Pix.Cli.Tests;

/// <summary>
/// The README's Install path: the packed pix2pix tool package installs from a folder with no other package source and runs.
/// It packs the build the tests run against (--no-build, same configuration and PIX2PIX_ARTIFACTS).
/// </summary>
[Collection("Cli training")]
public class PackToolTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public void Packed_tool_installs_from_the_folder_and_prints_its_version_and_translates()
    {
        using var tmp = new DatasetsTempFolder();
        string packs = tmp["packs"], toolPath = tmp["tool"];
        string version = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        var pack = Dotnet(tmp, "pack", Path.Combine(RepoRoot(), "src", "Pix2Pix.Cli", "Pix2Pix.Cli.csproj"), "-c", Configuration, "--no-build", "-o", packs);
        Assert.True(pack.Exit == 0, ProcessRunner.Describe(pack));
        Assert.True(File.Exists(Path.Combine(packs, $"pix2pix.{version}.nupkg")), string.Join(", ", Directory.GetFiles(packs).Select(Path.GetFileName)));

        // Only the packs folder as a source (works offline): the tool package carries all its dependencies.
        string config = tmp["nuget.config"];
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="packs" value="{packs}" /></packageSources></configuration>
            """);
        var install = Dotnet(tmp, "tool", "install", "--tool-path", toolPath, "--configfile", config, "pix2pix", "--version", version);
        Assert.True(install.Exit == 0, ProcessRunner.Describe(install));
        string pix2pix = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "pix2pix.exe" : "pix2pix");

        var printed = ProcessRunner.Run(pix2pix, ["--version"]);
        Assert.True(printed.Exit == 0, ProcessRunner.Describe(printed));
        Assert.Equal(version, printed.Output.Trim());

        var g = NetworkFactory.DefineG(3, 3, 4, "unet_128", "batch", false, "normal", 0.02f, new Rng(1), null);
        Checkpoint.Save(tmp["g.safetensors"], g.StateDict());
        ImageCodecs.SavePng(new Image(128, 128, 3), tmp["in.png"]);
        var translate = ProcessRunner.Run(pix2pix, ["translate", "--checkpoint", tmp["g.safetensors"], "--input", tmp["in.png"], "--output", tmp["out.png"], "--eval"]);
        Assert.True(translate.Exit == 0, ProcessRunner.Describe(translate));
        Assert.Equal(128, ImageCodecs.Load(tmp["out.png"]).Width);
    }

    [Fact]
    public void Library_packages_carry_version_licence_readme_xml_docs_and_symbols()
    {
        using var tmp = new DatasetsTempFolder();
        string packs = tmp["packs"];
        string version = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        foreach (string project in new[] { "Pix2Pix.Engine", "Pix2Pix.Imaging", "Pix2Pix.Gan" })
        {
            var pack = Dotnet(tmp, "pack", Path.Combine(RepoRoot(), "src", project, project + ".csproj"), "-c", Configuration, "--no-build", "-o", packs);
            Assert.True(pack.Exit == 0, ProcessRunner.Describe(pack));
            string nupkg = Path.Combine(packs, $"{project}.{version}.nupkg");
            Assert.True(File.Exists(nupkg), string.Join(", ", Directory.GetFiles(packs).Select(Path.GetFileName)));
            Assert.True(File.Exists(Path.Combine(packs, $"{project}.{version}.snupkg")), $"{project} has no symbol package");
            using var zip = System.IO.Compression.ZipFile.OpenRead(nupkg);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            Assert.Contains($"lib/net10.0/{project}.dll", names);
            Assert.Contains($"lib/net10.0/{project}.xml", names);
            Assert.Contains("README.md", names);
            Assert.Contains("LICENSE", names);
            using var nuspec = new StreamReader(zip.GetEntry($"{project}.nuspec")!.Open());
            string spec = nuspec.ReadToEnd();
            Assert.Contains($"<version>{version}</version>", spec, StringComparison.Ordinal);
            Assert.Contains("<license type=\"expression\">MIT</license>", spec, StringComparison.Ordinal);
            Assert.Contains("<readme>README.md</readme>", spec, StringComparison.Ordinal);
            if (project == "Pix2Pix.Gan")
            {
                Assert.Contains("id=\"Pix2Pix.Engine\"", spec, StringComparison.Ordinal);
                Assert.Contains("id=\"Pix2Pix.Imaging\"", spec, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>dotnet with its own package cache, so a stale pix2pix package of the same version is never reused.</summary>
    private static (int Exit, string Output, string Error) Dotnet(DatasetsTempFolder tmp, params string[] args) =>
        ProcessRunner.Run("dotnet", args, tmp.Path, new Dictionary<string, string> { ["NUGET_PACKAGES"] = tmp["nuget-packages"] });

    internal static string RepoRoot([CallerFilePath] string thisFile = "")
    {
        string root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));
        Assert.True(File.Exists(Path.Combine(root, "Pix2Pix.slnx")), $"The repository root was taken from this test's source path ({thisFile}), but {root} has no Pix2Pix.slnx.");
        return root;
    }
}
