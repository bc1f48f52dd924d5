using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Networks;

/// <summary>
/// The reference's <c>get_norm_layer</c>: batch = BatchNorm2d (affine, running stats), instance = InstanceNorm2d (no
/// affine, no running stats), none = Identity. Convolutions before a norm have a bias only with instance norm
/// (a batch norm's shift makes it redundant; with none the reference also leaves it out).
/// </summary>
internal static class NormLayers
{
    public static Module Create(string norm, int channels) => norm switch
    {
        "batch" => new BatchNorm2d(channels),
        "instance" => new InstanceNorm2d(channels),
        "none" => new Identity(),
        _ => throw new ArgumentException($"--norm {norm} is not known; use batch, instance or none.", nameof(norm)),
    };

    public static bool ConvUsesBias(string norm) => norm == "instance";
}
