using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Networks;

namespace Pix2Pix.Gan.Benchmarking;

/// <summary>
/// Follows a network's forward pass on shapes alone (no tensors are allocated): it mirrors the Forward of every module
/// this project builds — Sequential runs its children in order, a U-Net block concatenates its input with its
/// inner model's output (except the outermost), a ResNet block adds its branch to its input, the generators and
/// discriminators run their one child — and computes each leaf layer's output shape and convolution FLOPs:
/// Conv2d 2·N·Cout·OH·OW·Cin·k², ConvTranspose2d 2·N·Cin·H·W·Cout·k² (on the input grid).
/// A module it does not know is refused rather than guessed at.
/// </summary>
internal static class ShapeWalk
{
    /// <summary>Profiles <paramref name="network"/> on an input of <paramref name="inputShape"/> [N, C, H, W].</summary>
    public static NetworkProfile Profile(Module network, IReadOnlyList<int> inputShape)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Count != 4 || inputShape.Any(d => d < 1))
            throw new ArgumentException($"The input shape must be [N, C, H, W] with positive sides; got [{string.Join(", ", inputShape)}].", nameof(inputShape));
        var state = new WalkState();
        var output = Walk(network, "", [.. inputShape], state);
        return new NetworkProfile([.. inputShape], output, state.Layers, network.ParameterCount(), state.Chain ? checked((int)state.Field) : null);
    }

    /// <summary>The FLOPs of a convolution on an [N, Cin, H, W] input giving an [N, Cout, OH, OW] output.</summary>
    public static long Conv2dFlops(int n, int inChannels, int outChannels, int kernelSize, int outHeight, int outWidth) =>
        2L * n * outChannels * outHeight * outWidth * inChannels * kernelSize * kernelSize;

    /// <summary>The FLOPs of a transposed convolution, counted on its [N, Cin, H, W] input grid.</summary>
    public static long ConvTranspose2dFlops(int n, int inChannels, int outChannels, int kernelSize, int inHeight, int inWidth) =>
        2L * n * inChannels * inHeight * inWidth * outChannels * kernelSize * kernelSize;

    private sealed class WalkState
    {
        public List<LayerProfile> Layers { get; } = [];

        /// <summary>False once a skip, a sum or an upsampling makes a single receptive field meaningless.</summary>
        public bool Chain { get; set; } = true;

        public long Field { get; set; } = 1;

        public long Jump { get; set; } = 1;
    }

    private static int[] Walk(Module module, string name, int[] x, WalkState state)
    {
        switch (module)
        {
            case Sequential:
                foreach (var (childName, child) in module.NamedChildren)
                    x = Walk(child, Join(name, childName), x, state);
                return x;
            case UnetGenerator or ResnetGenerator or NLayerDiscriminator or PixelDiscriminator:
                if (module is ISizedNetwork sized)
                    sized.SizeRule.CheckInput(x[2], x[3]);
                return WalkOnlyChild(module, name, x, state);
            case UnetSkipConnectionBlock block:
            {
                var y = WalkOnlyChild(module, name, x, state);
                if (block.Outermost)
                    return y;
                state.Chain = false;
                if (y[0] != x[0] || y[2] != x[2] || y[3] != x[3])
                    throw new InvalidOperationException($"{name}: the skip connection concatenates [{string.Join(", ", x)}] with [{string.Join(", ", y)}], whose batch and sides differ.");
                return [x[0], x[1] + y[1], x[2], x[3]];
            }
            case ResnetBlock:
            {
                var y = WalkOnlyChild(module, name, x, state);
                state.Chain = false;
                if (!y.AsSpan().SequenceEqual(x))
                    throw new InvalidOperationException($"{name}: the residual sum adds [{string.Join(", ", x)}] and [{string.Join(", ", y)}], whose shapes differ.");
                return x;
            }
            case Conv2d conv:
            {
                var (y, flops) = Conv(conv, name, x, state);
                return Leaf(module, name, x, y, flops, state);
            }
            case ConvTranspose2d convT:
            {
                var (y, flops) = ConvTranspose(convT, name, x, state);
                return Leaf(module, name, x, y, flops, state);
            }
            case ReflectionPad2d pad:
                return Leaf(module, name, x, [x[0], x[1], x[2] + pad.Top + pad.Bottom, x[3] + pad.Left + pad.Right], 0, state);
            case ReLU or LeakyReLU or Tanh or Sigmoid or Identity or BatchNormBase or InstanceNorm2d or Dropout:
                return Leaf(module, name, x, x, 0, state);
            default:
                throw new NotSupportedException($"{(name.Length == 0 ? "the network" : name)} ({module.GetType().Name}) is a module the shape walk does not know; teach ShapeWalk its Forward to profile this network.");
        }
    }

    private static int[] WalkOnlyChild(Module module, string name, int[] x, WalkState state)
    {
        var (childName, child) = module.NamedChildren.Single();
        return Walk(child, Join(name, childName), x, state);
    }

    private static int[] Leaf(Module module, string name, int[] x, int[] y, long flops, WalkState state)
    {
        state.Layers.Add(new LayerProfile(name, module.GetType().Name, x, y, module.NamedParameters().Sum(p => (long)p.Parameter.Count), flops));
        return y;
    }

    private static (int[] Shape, long Flops) Conv(Conv2d conv, string name, int[] x, WalkState state)
    {
        CheckChannels(name, conv.InChannels, x);
        int oh = (x[2] + 2 * conv.Padding - conv.KernelSize) / conv.Stride + 1;
        int ow = (x[3] + 2 * conv.Padding - conv.KernelSize) / conv.Stride + 1;
        if (x[2] + 2 * conv.Padding < conv.KernelSize || x[3] + 2 * conv.Padding < conv.KernelSize)
            throw new ArgumentException($"{name}: a {x[2]}x{x[3]} input is smaller than the {conv.KernelSize}x{conv.KernelSize} kernel (padding {conv.Padding}); use a larger --crop_size.");
        state.Field += (conv.KernelSize - 1) * state.Jump;
        state.Jump *= conv.Stride;
        return ([x[0], conv.OutChannels, oh, ow], Conv2dFlops(x[0], conv.InChannels, conv.OutChannels, conv.KernelSize, oh, ow));
    }

    private static (int[] Shape, long Flops) ConvTranspose(ConvTranspose2d conv, string name, int[] x, WalkState state)
    {
        CheckChannels(name, conv.InChannels, x);
        int oh = (x[2] - 1) * conv.Stride - 2 * conv.Padding + conv.KernelSize + conv.OutputPadding;
        int ow = (x[3] - 1) * conv.Stride - 2 * conv.Padding + conv.KernelSize + conv.OutputPadding;
        if (oh < 1 || ow < 1)
            throw new ArgumentException($"{name}: a {x[2]}x{x[3]} input gives no output; use a larger --crop_size.");
        state.Chain = false;
        return ([x[0], conv.OutChannels, oh, ow], ConvTranspose2dFlops(x[0], conv.InChannels, conv.OutChannels, conv.KernelSize, x[2], x[3]));
    }

    private static void CheckChannels(string name, int expected, int[] x)
    {
        if (x[1] != expected)
            throw new InvalidOperationException($"{name}: the layer takes {expected} channels but receives {x[1]} (input [{string.Join(", ", x)}]); check --input_nc / --output_nc.");
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;
}
