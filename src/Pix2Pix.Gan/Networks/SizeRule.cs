namespace Pix2Pix.Gan.Networks;

/// <summary>
/// Which input sides a network accepts, and how to say so when one does not fit: the one place for the rule (a U-Net
/// halves the image at every level, so its sides must be multiples of 2^levels). Options, the shape walk, the
/// networks' Forward and the translator all ask it.
/// </summary>
internal sealed class SizeRule
{
    /// <summary>Any side works (the discriminators).</summary>
    public static SizeRule Any { get; } = new(1, "This network");

    /// <param name="multiple">Input sides must be multiples of this.</param>
    /// <param name="owner">Who needs it, as the start of a sentence: "A U-Net with 8 downsamplings".</param>
    /// <param name="minimum">The smallest side that works (a multiple of <paramref name="multiple"/>; default: the multiple).</param>
    public SizeRule(int multiple, string owner, int minimum = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(multiple, 1);
        Multiple = multiple;
        Owner = owner;
        Minimum = Math.Max(multiple, (minimum + multiple - 1) / multiple * multiple);
    }

    public int Multiple { get; }

    /// <summary>The smallest side that works: a ResNet's residual blocks reflect-pad a quarter-size image by 1, so it needs 8.</summary>
    public int Minimum { get; }

    public string Owner { get; }

    /// <summary>What the sides must be, for messages: "multiples of 256" or "multiples of 4, at least 8".</summary>
    public string Requirement => Minimum > Multiple ? $"multiples of {Multiple}, at least {Minimum}" : $"multiples of {Multiple}";

    public bool Fits(int side) => side % Multiple == 0 && side >= Minimum;

    /// <summary>The nearest fitting side, at least <see cref="Minimum"/>.</summary>
    public int Nearest(int side) => Math.Max(Minimum, (int)Math.Round(side / (double)Multiple) * Multiple);

    /// <summary>The smallest fitting side that is at least <paramref name="side"/> (what padding reaches).</summary>
    public int Next(int side) => Math.Max(Minimum, (side + Multiple - 1) / Multiple * Multiple);

    /// <summary>Checks <c>--crop_size</c> for the network chosen by <paramref name="flag"/> (e.g. "--netG unet_256").</summary>
    public void CheckCropSize(int cropSize, string flag)
    {
        if (cropSize < Minimum && Minimum > Multiple)
            throw new ArgumentException($"--crop_size {cropSize} is smaller than {Minimum}, the least {flag} works with; use {Minimum} or more.");
        if (!Fits(cropSize))
            throw new ArgumentException($"--crop_size {cropSize} is not a multiple of {Multiple}, which {flag} needs; use {Math.Max(Minimum, cropSize / Multiple * Multiple)} or {(cropSize / Multiple + 1) * Multiple}.");
    }

    /// <summary>Checks the sides of an input tensor (or of a shape walked without one).</summary>
    public void CheckInput(int height, int width)
    {
        if (!Fits(height) || !Fits(width))
            throw new ArgumentException($"{Owner} needs H and W {Requirement}; got {height}x{width}. Resize or crop the image (e.g. --preprocess resize_and_crop --crop_size {Minimum}, or a multiple of {Multiple} above it).");
    }
}

/// <summary>A network whose input sides must follow a <see cref="Networks.SizeRule"/>.</summary>
internal interface ISizedNetwork
{
    SizeRule SizeRule { get; }
}
