namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// The shape of one 2-D convolution: input [Batch, InChannels, InHeight, InWidth], weight
/// [OutChannels, InChannels, KernelH, KernelW], output [Batch, OutChannels, OutHeight, OutWidth], zero padding.
/// The kernels validate it on every call (<see cref="Validate"/>), so a geometry built with <c>with</c> is safe too.
/// </summary>
public readonly record struct Conv2dGeometry(int Batch, int InChannels, int InHeight, int InWidth,
    int OutChannels, int KernelH, int KernelW, int StrideH, int StrideW, int PadH, int PadW)
{
    /// <summary>(InHeight + 2·PadH − KernelH) / StrideH + 1.</summary>
    public int OutHeight => ConvSize.ConvOut(InHeight, KernelH, StrideH, PadH);

    /// <summary>(InWidth + 2·PadW − KernelW) / StrideW + 1.</summary>
    public int OutWidth => ConvSize.ConvOut(InWidth, KernelW, StrideW, PadW);

    /// <summary>Elements of the input: Batch·InChannels·InHeight·InWidth.</summary>
    public int InputLength => Batch * InChannels * InHeight * InWidth;

    /// <summary>Elements of the weight: OutChannels·InChannels·KernelH·KernelW.</summary>
    public int WeightLength => OutChannels * InChannels * KernelH * KernelW;

    /// <summary>Elements of the output: Batch·OutChannels·OutHeight·OutWidth.</summary>
    public int OutputLength => Batch * OutChannels * OutHeight * OutWidth;

    /// <summary>Throws <see cref="ArgumentException"/> with a clear message when a size is not positive,
    /// the output would be empty, or a buffer would exceed the span size limit.</summary>
    public void Validate()
    {
        ConvSize.RequirePositive(Batch, nameof(Batch), this);
        ConvSize.RequirePositive(InChannels, nameof(InChannels), this);
        ConvSize.RequirePositive(InHeight, nameof(InHeight), this);
        ConvSize.RequirePositive(InWidth, nameof(InWidth), this);
        ConvSize.RequirePositive(OutChannels, nameof(OutChannels), this);
        ConvSize.RequirePositive(KernelH, nameof(KernelH), this);
        ConvSize.RequirePositive(KernelW, nameof(KernelW), this);
        ConvSize.RequirePositive(StrideH, nameof(StrideH), this);
        ConvSize.RequirePositive(StrideW, nameof(StrideW), this);
        ConvSize.RequireNonNegative(PadH, nameof(PadH), this);
        ConvSize.RequireNonNegative(PadW, nameof(PadW), this);
        if ((long)InHeight + 2L * PadH < KernelH || (long)InWidth + 2L * PadW < KernelW)
            throw new ArgumentException(
                $"Convolution {this} has no output: the padded input ({(long)InHeight + 2L * PadH}×{(long)InWidth + 2L * PadW}) " +
                $"is smaller than the kernel ({KernelH}×{KernelW}). Use a larger input, more padding or a smaller kernel.");
        ConvSize.RequireFits((long)Batch * InChannels * InHeight * InWidth, "input", this);
        ConvSize.RequireFits((long)OutChannels * InChannels * KernelH * KernelW, "weight", this);
        ConvSize.RequireFits((long)Batch * OutChannels * OutHeight * OutWidth, "output", this);
        ConvSize.RequireFits((long)InChannels * KernelH * KernelW * OutHeight * OutWidth, "im2col workspace", this);
    }
}
