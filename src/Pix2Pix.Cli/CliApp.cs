using System.CommandLine;

namespace Pix2Pix.Cli;

/// <summary>Builds the `pix2pix` command tree. Each command lives in its own file under Commands/.</summary>
public static class CliApp
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("pix2pix: image-to-image translation GANs (pix2pix, CycleGAN) on a pure C# engine.");
        return root;
    }

    public static int Run(string[] args) => BuildRoot().Parse(args).Invoke();
}
