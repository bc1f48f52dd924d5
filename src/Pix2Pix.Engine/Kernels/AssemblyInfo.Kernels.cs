using System.Runtime.CompilerServices;

// The kernel tests force each SIMD path (Vector512, Vector256, portable) through internal switches.
[assembly: InternalsVisibleTo("Pix2Pix.Engine.Tests")]
