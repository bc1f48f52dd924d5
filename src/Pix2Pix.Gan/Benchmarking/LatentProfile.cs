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
            var x = net.Prepare(Tensor.Zeros(inputShape));
            for (int i = 0; i < net.Body.Count; i++)
            {
                var layer = net.Body[i];
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
            int[] output = net.OutputShape is { } shape ? [x.Dim(0), .. shape] : x.ShapeArray();
            return new NetworkProfile(inputShape, output, layers, net.ParameterCount(), null);
        }
        finally
        {
            net.Train(wasTraining);
        }
    }
}
