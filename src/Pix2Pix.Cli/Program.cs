namespace Pix2Pix.Cli;

internal static class Program
{
    public static int Main(string[] args) => CliApp.Run(args);
}
