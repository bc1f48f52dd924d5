using Pix2Pix.Engine.Kernels;

namespace Pix2Pix.Engine.Tests.Kernels;

/// <summary>Geometry arithmetic and the argument checks of the convolution kernels.</summary>
public class ConvGeometryKernelTests
{
    [Fact]
    public void Conv2d_output_size_is_padded_size_minus_kernel_over_stride_plus_one()
    {
        var g = new Conv2dGeometry(1, 3, 256, 256, 64, 4, 4, 2, 2, 1, 1);
        Assert.Equal(128, g.OutHeight);
        Assert.Equal(128, g.OutWidth);
        var odd = new Conv2dGeometry(1, 3, 9, 8, 4, 3, 3, 2, 2, 1, 1);
        Assert.Equal(5, odd.OutHeight);
        Assert.Equal(4, odd.OutWidth);
    }

    [Fact]
    public void Conv2d_kernels_reject_a_kernel_larger_than_the_padded_input_with_a_clear_message()
    {
        var g = new Conv2dGeometry(1, 1, 2, 2, 1, 4, 4, 1, 1, 0, 0);
        var ex = Assert.Throws<ArgumentException>(() => Conv2dKernels.Forward(new float[4], new float[16], [], new float[1], g));
        Assert.Contains("smaller than the kernel", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conv2d_kernels_reject_zero_stride_and_negative_padding()
    {
        Assert.Throws<ArgumentException>(() => new Conv2dGeometry(1, 1, 4, 4, 1, 3, 3, 0, 1, 1, 1).Validate());
        Assert.Throws<ArgumentException>(() => new Conv2dGeometry(1, 1, 4, 4, 1, 3, 3, 1, 1, -1, 1).Validate());
        Assert.Throws<ArgumentException>(() => new Conv2dGeometry(0, 1, 4, 4, 1, 3, 3, 1, 1, 1, 1).Validate());
    }

    [Fact]
    public void Conv2d_forward_reports_a_destination_that_is_too_short()
    {
        var g = new Conv2dGeometry(1, 2, 5, 5, 3, 3, 3, 1, 1, 1, 1);
        var ex = Assert.Throws<ArgumentException>(() =>
            Conv2dKernels.Forward(new float[g.InputLength], new float[g.WeightLength], [], new float[g.OutputLength - 1], g));
        Assert.StartsWith("Destination is too short", ex.Message, StringComparison.Ordinal);
        Assert.Equal("output", ex.ParamName);
    }

    [Fact]
    public void Conv2d_backward_weight_rejects_a_bias_gradient_of_the_wrong_size()
    {
        var g = new Conv2dGeometry(1, 2, 5, 5, 3, 3, 3, 1, 1, 1, 1);
        Assert.Throws<ArgumentException>(() =>
            Conv2dKernels.BackwardWeight(new float[g.OutputLength], new float[g.InputLength], new float[g.WeightLength], new float[2], g));
    }

    [Fact]
    public void ConvTranspose2d_kernels_reject_output_padding_not_smaller_than_stride()
    {
        var g = new ConvTranspose2dGeometry(1, 2, 4, 4, 2, 3, 3, 2, 2, 1, 1, 2, 0);
        var ex = Assert.Throws<ArgumentException>(() => g.Validate());
        Assert.Contains("less than the stride", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConvTranspose2d_forward_reports_a_weight_that_is_too_short()
    {
        var g = new ConvTranspose2dGeometry(1, 2, 4, 4, 3, 4, 4, 2, 2, 1, 1, 0, 0);
        var ex = Assert.Throws<ArgumentException>(() =>
            ConvTranspose2dKernels.Forward(new float[g.InputLength], new float[g.WeightLength - 1], [], new float[g.OutputLength], g));
        Assert.Equal("weight", ex.ParamName);
    }
}
