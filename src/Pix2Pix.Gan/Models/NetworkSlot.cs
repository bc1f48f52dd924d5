using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Models;

internal enum NetworkKind
{
    /// <summary>Built from <c>--netG</c>.</summary>
    Generator,

    /// <summary>Built from <c>--netD</c>; training only.</summary>
    Discriminator,
}

/// <summary>Where a network's channels come from.</summary>
internal enum Channels
{
    Input,
    Output,
    InputAndOutput,
}

/// <summary>
/// One network a model holds, by its checkpoint name ("G", "D_A"): generator or discriminator, its input and output
/// channels, and for a model with one generator per direction, the direction it translates.
/// </summary>
internal sealed record NetworkSlot(string Name, NetworkKind Kind, Channels In, Channels Out, string? Direction = null)
{
    /// <summary>A generator from input_nc to output_nc (or back, when <paramref name="reversed"/>).</summary>
    public static NetworkSlot Generator(string name, bool reversed = false, string? direction = null) =>
        new(name, NetworkKind.Generator, reversed ? Channels.Output : Channels.Input, reversed ? Channels.Input : Channels.Output, direction);

    /// <summary>A discriminator on <paramref name="input"/> channels.</summary>
    public static NetworkSlot Discriminator(string name, Channels input) => new(name, NetworkKind.Discriminator, input, Channels.Output);

    public int InputChannels(BaseOptions options) => Count(In, options);

    public int OutputChannels(BaseOptions options) => Count(Out, options);

    /// <summary>The flags the input channels come from, as a help text says it: "input_nc + output_nc".</summary>
    public string InputChannelsText => In switch
    {
        Channels.Input => "input_nc",
        Channels.Output => "output_nc",
        _ => "input_nc + output_nc",
    };

    private static int Count(Channels channels, BaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return channels switch
        {
            Channels.Input => options.InputNc,
            Channels.Output => options.OutputNc,
            _ => options.InputNc + options.OutputNc,
        };
    }
}
