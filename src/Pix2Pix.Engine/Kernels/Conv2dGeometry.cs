namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// The shape of one 2-D convolution: input [Batch, InChannels, InHeight, InWidth], weight
/// [OutChannels, InChannels, KernelH, KernelW], output [Batch, OutChannels, OutHeight, OutWidth], zero padding.
/// The kernels validate it on every call (<see cref="Validate"/>), so a geometry built with <c>with</c> is safe too.
/// </summary>
internal readonly record struct Conv2dGeometry(int Batch, int InChannels, int InHeight, int InWidth,
    int OutChannels, int KernelH, int KernelW, int StrideH, int StrideW, int PadH, int PadW)
{
    /// <summary>(InHeight + 2·PadH − KernelH) / StrideH + 1.</summary>
    public int OutHeight => ConvArguments.ConvOut(InHeight, KernelH, StrideH, PadH);

    /// <summary>(InWidth + 2·PadW − KernelW) / StrideW + 1.</summary>
    public int OutWidth => ConvArguments.ConvOut(InWidth, KernelW, StrideW, PadW);

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
        ConvArguments.RequirePositive(Batch, nameof(Batch), this);
        ConvArguments.RequirePositive(InChannels, nameof(InChannels), this);
        ConvArguments.RequirePositive(InHeight, nameof(InHeight), this);
        ConvArguments.RequirePositive(InWidth, nameof(InWidth), this);
        ConvArguments.RequirePositive(OutChannels, nameof(OutChannels), this);
        ConvArguments.RequirePositive(KernelH, nameof(KernelH), this);
        ConvArguments.RequirePositive(KernelW, nameof(KernelW), this);
        ConvArguments.RequirePositive(StrideH, nameof(StrideH), this);
        ConvArguments.RequirePositive(StrideW, nameof(StrideW), this);
        ConvArguments.RequireNonNegative(PadH, nameof(PadH), this);
        ConvArguments.RequireNonNegative(PadW, nameof(PadW), this);
        if ((long)InHeight + 2L * PadH < KernelH || (long)InWidth + 2L * PadW < KernelW)
            throw new ArgumentException(
                $"Convolution {this} has no output: the padded input ({(long)InHeight + 2L * PadH}×{(long)InWidth + 2L * PadW}) " +
                $"is smaller than the kernel ({KernelH}×{KernelW}). Use a larger input, more padding or a smaller kernel.");
        ConvArguments.RequireFits((long)Batch * InChannels * InHeight * InWidth, "input", this);
        ConvArguments.RequireFits((long)OutChannels * InChannels * KernelH * KernelW, "weight", this);
        ConvArguments.RequireFits((long)Batch * OutChannels * OutHeight * OutWidth, "output", this);
        ConvArguments.RequireFits((long)InChannels * KernelH * KernelW * OutHeight * OutWidth, "im2col workspace", this);
    }
}
