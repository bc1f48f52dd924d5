using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Models;

/// <summary>The reference's <c>create_model</c>: a model by its <c>--model</c> name (<see cref="ModelRegistry"/>).</summary>
internal static class ModelFactory
{
    public static GanModel Create(BaseOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ModelRegistry.Get(options.Model).Build(options, seed);
    }
}
