using System.Runtime.CompilerServices;

// The kernel tests force each SIMD path (Vector512, Vector256, portable) through internal switches.
[assembly: InternalsVisibleTo("Pix2Pix.Engine.Tests")]

// The kernel benchmarks time internal pieces (packing) on their own.
[assembly: InternalsVisibleTo("Pix2Pix.Benchmarks")]
