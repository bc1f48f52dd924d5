using Pix2Pix.Engine.Kernels;
using Pix2Pix.Engine.Optim;
using static Pix2Pix.Engine.Tests.Kernels.ConvKernelTestSupport;

namespace Pix2Pix.Engine.Tests.Tape;

/// <summary>
/// zero_grad marks gradients zero instead of clearing them: readers find zeros, and a convolution's weight gradient
/// writes over the old contents instead of adding to them — with the bits of adding to zeros.
/// </summary>
public class LazyZeroGradTests
{
    [Fact]
    public void A_gradient_marked_zero_reads_as_zeros_and_is_handed_over_for_overwriting_once()
    {
        var t = new Tensor(new float[5], 5) { RequiresGrad = true };
        t.Grad = [1f, 2f, 3f, 4f, 5f];
        t.MarkGradZero();
        Assert.True(t.HasGradBuffer);
        Assert.Equal(new float[5], t.Grad);

        t.Grad![2] = 7f;
        t.MarkGradZero();
        float[]? raw = t.GradToOverwrite(out bool overwrite);
        Assert.True(overwrite);
        Assert.Equal(7f, raw![2]); // not cleared: the writer sets every element
        Assert.Same(raw, t.GradToOverwrite(out overwrite));
        Assert.False(overwrite);
        Assert.Equal(7f, t.Grad![2]);
    }

    [Fact]
    public void A_tensor_without_a_gradient_stays_without_one_when_marked()
    {
        var t = new Tensor(new float[3], 3);
        t.MarkGradZero();
        Assert.False(t.HasGradBuffer);
        Assert.Null(t.Grad);
        Assert.Null(t.GradToOverwrite(out bool overwrite));
        Assert.False(overwrite);
    }

    [Fact]
    public void Weight_gradients_written_over_garbage_equal_those_added_to_zeros_for_every_algorithm()
    {
        Conv2dGeometry[] shapes =
        [
            new(1, 8, 12, 12, 16, 4, 4, 2, 2, 1, 1),     // im2col, panels
            new(2, 8, 6, 6, 16, 3, 3, 2, 2, 1, 1),       // im2col, the batch in one product
            new(3, 8, 13, 11, 16, 3, 3, 2, 2, 1, 1),     // im2col, image by image
            new(1, 8, 9, 9, 2, 4, 4, 2, 2, 1, 1),        // im2col, two output channels (a plain B)
            new(1, 6, 8, 8, 12, 1, 1, 1, 1, 0, 0),       // pointwise: the input is the column matrix
            new(1, 3, 20, 20, 8, 7, 7, 1, 1, 0, 0),      // direct (three input channels)
            new(1, 64, 34, 34, 64, 3, 3, 1, 1, 0, 0),    // Winograd F(4×4, 3×3)
            new(2, 256, 34, 34, 256, 3, 3, 1, 1, 0, 0),  // Winograd over several chunks of tiles (asserted below)
            new(1, 256, 24, 24, 256, 4, 4, 1, 1, 1, 1),  // Winograd F(3×3, 4×4)
        ];
        var algorithms = new HashSet<ConvAlgorithm>();
        foreach (Conv2dGeometry g in shapes)
        {
            algorithms.Add(Conv2dPlan.For(g).BackwardWeight.Algorithm);
            float[] dy = Random(g.OutputLength, 3), x = Random(g.InputLength, 4);
            float[] added = new float[g.WeightLength], written = Enumerable.Repeat(float.NaN, g.WeightLength).ToArray();
            Conv2dKernels.BackwardWeight(dy, x, added, [], g);
            Conv2dKernels.BackwardWeight(dy, x, written, [], g, overwrite: true);
            Assert.Equal(added, written);
            // And the transposed convolution's weight gradient (the same kernels with the roles swapped).
            var t = new ConvTranspose2dGeometry(g.Batch, g.OutChannels, g.OutHeight, g.OutWidth, g.InChannels,
                g.KernelH, g.KernelW, g.StrideH, g.StrideW, g.PadH, g.PadW, 0, 0);
            if (t.OutHeight != g.InHeight || t.OutWidth != g.InWidth)
                continue;
            float[] tAdded = new float[t.WeightLength], tWritten = Enumerable.Repeat(float.NaN, t.WeightLength).ToArray();
            ConvTranspose2dKernels.BackwardWeight(x, dy, tAdded, [], t);
            ConvTranspose2dKernels.BackwardWeight(x, dy, tWritten, [], t, overwrite: true);
            Assert.Equal(tAdded, tWritten);
        }
        Assert.True(WinogradConv.TilesPerChunkOf(3, 256, 2 * 8 * 8) < 2 * 8 * 8, "the batch-2 resnet shape should take several chunks");
        Assert.Contains(ConvAlgorithm.Im2ColGemm, algorithms);
        Assert.Contains(ConvAlgorithm.Direct, algorithms);
        Assert.Contains(ConvAlgorithm.Winograd, algorithms);
    }

    [Fact]
    public void Training_steps_with_lazy_zero_grad_give_the_bits_of_clearing_before_every_backward()
    {
        // Two optimizers over one net, one of them cleared by hand each step: the same parameters after three steps.
        float[][]? initial = null;
        Tensor[] RunSteps(bool clearByHand)
        {
            var rng = new Rng(11);
            var net = new Pix2Pix.Engine.Modules.Sequential(new Pix2Pix.Engine.Modules.Conv2d(3, 8, 4, 2, 1), new Pix2Pix.Engine.Modules.BatchNorm2d(8),
                new Pix2Pix.Engine.Modules.LeakyReLU(0.2f), new Pix2Pix.Engine.Modules.ConvTranspose2d(8, 3, 4, 2, 1));
            // The same starting weights for both runs.
            Tensor[] parameters = net.Parameters().ToArray();
            initial ??= parameters.Select(p => (float[])p.Data.Clone()).ToArray();
            for (int i = 0; i < parameters.Length; i++)
                initial[i].CopyTo(parameters[i].Data, 0);
            var adam = new Adam(net.Parameters(), 0.01f, 0.5f);
            var x = Tensor.Uniform(rng, -1f, 1f, 2, 3, 8, 8);
            for (int step = 0; step < 3; step++)
            {
                adam.ZeroGrad();
                if (clearByHand)
                    foreach (Tensor p in net.Parameters())
                        if (p.Grad is { } grad)
                            Array.Clear(grad);
                Functional.Mean(Functional.Square(net.Forward(x))).Backward();
                adam.Step();
            }
            return net.Parameters().ToArray();
        }
        Tensor[] lazy = RunSteps(false), cleared = RunSteps(true);
        for (int i = 0; i < lazy.Length; i++)
            Assert.Equal(cleared[i].Data, lazy[i].Data);
    }
}
