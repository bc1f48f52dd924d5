using Pix2Pix.Engine;
using Pix2Pix.Engine.Init;
using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Networks;

/// <summary>
/// A generator of noise or a discriminator of the classic GANs (GANS.md): one <see cref="Sequential"/> under the name
/// the write-ups give it (<c>gen</c> or <c>disc</c>), so state-dict names read <c>gen.0.weight</c> as theirs do. The
/// fully connected ones work on flat vectors as in the write-ups (<c>x.view(-1, 784)</c> before D, the reverse after
/// G): the constructor's flattenInput and outputShape do those views outside the Sequential, so
/// the layer indices stay theirs.
/// </summary>
internal sealed class LatentNet : Module
{
    private readonly int[]? _outputShape;
    private readonly int[]? _inputShape;

    /// <param name="inputShape">The shape one input sample is viewed as first: (nz, 1, 1) for pytorch/examples' DCGAN, whose G takes z as [N, nz, 1, 1].</param>
    public LatentNet(string name, Sequential body, bool flattenInput = false, int[]? outputShape = null, int[]? inputShape = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        Body = body;
        FlattenInput = flattenInput;
        _outputShape = outputShape;
        _inputShape = inputShape;
        RegisterModule(name, body);
    }

    public Sequential Body { get; }

    public bool FlattenInput { get; }

    /// <summary>The shape of one output sample when G's last layer gives flat vectors (1, 28, 28); else null.</summary>
    public IReadOnlyList<int>? OutputShape => _outputShape;

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var y = Body.Forward(Prepare(input));
        return _outputShape is null ? y : Functional.Reshape(y, [y.Dim(0), .. _outputShape]);
    }

    /// <summary>The input as the Sequential takes it: flattened, or viewed as <c>inputShape</c>.</summary>
    public Tensor Prepare(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (_inputShape is not null)
            return Functional.Reshape(input, [input.Dim(0), .. _inputShape]);
        return FlattenInput && input.Rank != 2 ? Functional.Reshape(input, input.Dim(0), -1) : input;
    }

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
