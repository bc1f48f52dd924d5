using Pix2Pix.Engine;
using Pix2Pix.Engine.Init;
using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Networks;

/// <summary>
/// A generator of noise or a discriminator of the classic GANs (GANS.md): one <see cref="Sequential"/> under the name
/// the write-ups give it (<c>gen</c> or <c>disc</c>), so state-dict names read <c>gen.0.weight</c> as theirs do.
/// </summary>
public sealed class LatentNet : Module
{
    public LatentNet(string name, Sequential body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Body = body;
        RegisterModule(name, body);
    }

    public Sequential Body { get; }

    public override Tensor Forward(Tensor input) => Body.Forward(input);

    /// <summary>
    /// The DCGAN paper's initialisation (pytorch/examples <c>weights_init</c>): convolution weights N(0, 0.02),
    /// batch-norm weights N(1, 0.02) and biases 0; convolution biases and linear layers keep PyTorch's defaults.
    /// </summary>
    public static LatentNet DcganInit(LatentNet net, Rng? rng)
    {
        ArgumentNullException.ThrowIfNull(net);
        if (rng is null)
            return net;
        foreach (var (_, module) in net.NamedModules())
        {
            switch (module)
            {
                case Conv2d c: rng.FillNormal(c.Weight.Data, 0f, 0.02f); break;
                case ConvTranspose2d t: rng.FillNormal(t.Weight.Data, 0f, 0.02f); break;
                case BatchNormBase b:
                    if (b.Weight is not null) rng.FillNormal(b.Weight.Data, 1f, 0.02f);
                    if (b.Bias is not null) Array.Clear(b.Bias.Data);
                    break;
            }
        }
        return net;
    }
}
