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
            "pix2pix" => new Pix2PixModel(options, seed),
            "cycle_gan" => new CycleGanModel(options, seed),
            "colorization" => new ColorizationModel(options, seed),
            "test" => new TestModel(options, seed),
            _ => throw new NotSupportedException($"--model {options.Model} is not known; use one of: pix2pix, cycle_gan, colorization, test."),
        };
    }
}
