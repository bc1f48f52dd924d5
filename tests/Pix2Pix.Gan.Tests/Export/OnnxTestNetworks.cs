using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Export.Onnx;
using Pix2Pix.Gan.Networks;

namespace Pix2Pix.Gan.Tests.Export;

/// <summary>Networks with random weights and BatchNorm statistics (so nothing is the identity), and our eval forward.</summary>
internal static class OnnxTestNetworks
{
    /// <summary>
    /// Fills every tensor of <paramref name="net"/>: conv weights He-uniform (activations stay near unit scale through
    /// many layers), biases small, BatchNorm weight around 1, bias around 0, running mean ±0.2, running variance 0.5…2.
    /// A ResNet block's branch ends scaled by 1/4: with every branch at full scale the residual stream's variance
    /// doubles per block (std ~20 after 9 blocks, which trained networks never reach), and float32 rounding at that
    /// magnitude alone exceeds the 1e-4 the comparison allows.
    /// </summary>
    public static T Randomize<T>(T net, ulong seed) where T : Module
    {
        var rng = new Rng(seed);
        foreach (var (_, module) in net.NamedModules())
        {
            switch (module)
            {
                case Conv2d c:
                    Fill(c.Weight, rng, MathF.Sqrt(6f / (c.InChannels * c.KernelSize * c.KernelSize)));
                    if (c.Bias is not null) Fill(c.Bias, rng, 0.1f);
                    break;
                case ConvTranspose2d t:
                    Fill(t.Weight, rng, MathF.Sqrt(6f * t.Stride * t.Stride / (t.InChannels * t.KernelSize * t.KernelSize)));
                    if (t.Bias is not null) Fill(t.Bias, rng, 0.1f);
                    break;
                case BatchNorm2d bn:
                    Fill(bn.Weight!, rng, 0.5f, 1f);
                    Fill(bn.Bias!, rng, 0.3f);
                    Fill(bn.RunningMean!, rng, 0.2f);
                    Fill(bn.RunningVar!, rng, 0.75f, 1.25f);
                    break;
            }
        }
        foreach (var (_, module) in net.NamedModules())
            if (module is ResnetBlock block)
            {
                var last = block.NamedModules().Select(m => m.Module).OfType<Conv2d>().Last();
                foreach (var t in new[] { last.Weight, last.Bias })
                    if (t is not null)
                        for (int i = 0; i < t.Data.Length; i++)
                            t.Data[i] *= 0.25f;
            }
        return net;
    }

    /// <summary>Uniform in center ± halfWidth.</summary>
    private static void Fill(Tensor t, Rng rng, float halfWidth, float center = 0f)
    {
        for (int i = 0; i < t.Data.Length; i++)
            t.Data[i] = center + (2f * rng.NextFloat() - 1f) * halfWidth;
    }

    public static float[] RandomInput(ulong seed, int count)
    {
        var rng = new Rng(seed);
        var data = new float[count];
        for (int i = 0; i < count; i++)
            data[i] = 2f * rng.NextFloat() - 1f;
        return data;
    }

    /// <summary>Our forward in evaluation mode (running statistics, no dropout): [N, C, H, W] out.</summary>
    public static (float[] Data, int[] Shape) EvalForward(Module net, float[] input, params int[] shape)
    {
        net.Eval();
        using (Autograd.NoGrad())
        {
            var y = net.Forward(new Tensor((float[])input.Clone(), shape));
            return ((float[])y.Data.Clone(), y.Shape.ToArray());
        }
    }

    public static OnnxExportOptions GeneratorOptions(int inputNc, int outputNc, bool dropout = false) =>
        new() { InputChannels = inputNc, OutputChannels = outputNc, KeepDropout = dropout, GraphName = "test G" };
}
