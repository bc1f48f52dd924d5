using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Networks;

namespace Pix2Pix.Gan.Benchmarking;

/// <summary>
/// The layer table of a classic GAN's network (<see cref="LatentNet"/>), as torchsummary prints it: each layer of its
/// Sequential run once in eval mode on a zero input of batch 1, with its output shape and parameters (convolution
/// FLOPs as <see cref="ShapeWalk"/> counts them; linear layers are not counted, as there).
/// </summary>
internal static class LatentProfile
{
    public static NetworkProfile Profile(LatentNet net, int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(inputShape);
        var layers = new List<LayerProfile>();
        string prefix = net.NamedChildren[0].Name;
        bool wasTraining = net.IsTraining;
        net.Eval();
        try
        {
            using var noGrad = Autograd.NoGrad();
            var x = Walk(prefix, net.Body, net.Prepare(Tensor.Zeros(inputShape)), layers);
            int[] output = net.OutputShape is { } shape ? [x.Dim(0), .. shape] : x.ShapeArray();
            return new NetworkProfile(inputShape, output, layers, net.ParameterCount(), null);
        }
        finally
        {
            net.Train(wasTraining);
        }
    }

    /// <summary>The digit classifier's table: its <c>features</c> Sequential, then its <c>head</c>.</summary>
    public static NetworkProfile Profile(MnistClassifier net, int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(inputShape);
        var layers = new List<LayerProfile>();
        bool wasTraining = net.IsTraining;
        net.Eval();
        try
        {
            using var noGrad = Autograd.NoGrad();
            var x = Walk("features", net.Body, Tensor.Zeros(inputShape), layers);
            var y = net.Head.Forward(x);
            layers.Add(new LayerProfile("head", nameof(Linear), x.ShapeArray(), y.ShapeArray(), net.Head.ParameterCount(), 0));
            return new NetworkProfile(inputShape, y.ShapeArray(), layers, net.ParameterCount(), null);
        }
        finally
        {
            net.Train(wasTraining);
        }
    }

    /// <summary>Runs each layer of <paramref name="body"/> on <paramref name="x"/>, adding a row per layer.</summary>
    private static Tensor Walk(string prefix, Sequential body, Tensor x, List<LayerProfile> layers)
    {
        for (int i = 0; i < body.Count; i++)
        {
            var layer = body[i];
            var input = x.ShapeArray();
            x = layer.Forward(x);
            var y = x.ShapeArray();
            long flops = layer switch
            {
                Conv2d c => ShapeWalk.Conv2dFlops(y[0], c.InChannels, c.OutChannels, c.KernelSize, y[2], y[3]),
                ConvTranspose2d t => ShapeWalk.ConvTranspose2dFlops(y[0], t.InChannels, t.OutChannels, t.KernelSize, input[2], input[3]),
                _ => 0,
            };
            layers.Add(new LayerProfile($"{prefix}.{i}", layer.GetType().Name, input, y, layer.ParameterCount(), flops));
        }
        return x;
    }
}
