using System.Runtime.CompilerServices;

// The JPEG tests check internal stages (inverse DCT, upsampling) against naive reference versions.
[assembly: InternalsVisibleTo("Pix2Pix.Imaging.Tests")]
