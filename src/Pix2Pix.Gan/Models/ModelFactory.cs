using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Models;

/// <summary>The reference's <c>create_model</c>: a model by its <c>--model</c> name.</summary>
public static class ModelFactory
{
    public static GanModel Create(BaseOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Model switch
        {
            "pix2pix" or "colorization" => new Pix2PixModel(options, seed),
            _ => throw new NotSupportedException($"--model {options.Model} is not available yet; this version trains and tests --model pix2pix (and colorization). CycleGAN and the test model are planned."),
        };
    }
}
