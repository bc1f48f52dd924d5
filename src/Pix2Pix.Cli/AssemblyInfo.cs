using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Pix2Pix.Cli.Tests")]
