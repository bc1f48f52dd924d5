using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Networks;

/// <summary>
/// What a network builder receives: channels, width (ngf or ndf), norm, and the flags some networks read. For the
/// generators of noise (<see cref="NetworkRegistry.LatentGenerators"/>) <see cref="InputNc"/> is the length of z;
/// <see cref="InitRng"/> draws their initial weights (they initialise themselves as their write-ups do).
/// </summary>
internal sealed record NetworkArgs(int InputNc, int OutputNc, int Filters, string Norm, bool UseDropout = false, int NLayersD = 3, Rng? DropoutRng = null,
    Rng? InitRng = null, int Classes = 10);

/// <summary>
/// One <c>--netG</c> or <c>--netD</c> choice: its name, how to build it, which input sizes it accepts
/// (<see cref="SizeRule"/>) and which flags it reads besides the channels and norm. The classic GANs' networks also
/// give <see cref="ImageSide"/>: the one side of the images G makes and D judges (28, 32, 64).
/// </summary>
internal sealed record NetworkDescriptor(string Name, Func<NetworkArgs, Module> Build, SizeRule SizeRule, IReadOnlyList<string> Reads, int? ImageSide = null);
