namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// The shape of one 2-D transposed convolution (PyTorch's ConvTranspose2d): input [Batch, InChannels, InHeight, InWidth],
/// weight [InChannels, OutChannels, KernelH, KernelW], output [Batch, OutChannels, OutHeight, OutWidth].
/// It is the data-gradient of the <see cref="AsConvolution">matching convolution</see>.
/// </summary>
internal readonly record struct ConvTranspose2dGeometry(int Batch, int InChannels, int InHeight, int InWidth,
    int OutChannels, int KernelH, int KernelW, int StrideH, int StrideW, int PadH, int PadW, int OutPadH, int OutPadW)
{
    /// <summary>(InHeight − 1)·StrideH − 2·PadH + KernelH + OutPadH.</summary>
    public int OutHeight => (InHeight - 1) * StrideH - 2 * PadH + KernelH + OutPadH;

    /// <summary>(InWidth − 1)·StrideW − 2·PadW + KernelW + OutPadW.</summary>
    public int OutWidth => (InWidth - 1) * StrideW - 2 * PadW + KernelW + OutPadW;

    /// <summary>Elements of the input: Batch·InChannels·InHeight·InWidth.</summary>
    public int InputLength => Batch * InChannels * InHeight * InWidth;

    /// <summary>Elements of the weight: InChannels·OutChannels·KernelH·KernelW.</summary>
    public int WeightLength => InChannels * OutChannels * KernelH * KernelW;

    /// <summary>Elements of the output: Batch·OutChannels·OutHeight·OutWidth.</summary>
    public int OutputLength => Batch * OutChannels * OutHeight * OutWidth;

    /// <summary>
    /// The convolution whose data-gradient this is: it maps [Batch, OutChannels, OutHeight, OutWidth] to
    /// [Batch, InChannels, InHeight, InWidth] with the same weight buffer (its layout [InChannels, OutChannels, kH, kW]
    /// is that convolution's [Cout, Cin, kH, kW]).
    /// </summary>
    public Conv2dGeometry AsConvolution() => new(Batch, OutChannels, OutHeight, OutWidth,
        InChannels, KernelH, KernelW, StrideH, StrideW, PadH, PadW);

    /// <summary>Throws <see cref="ArgumentException"/> with a clear message when a size is not positive,
    /// the output padding is not smaller than the stride, or the output would be empty.</summary>
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
        ConvArguments.RequireNonNegative(OutPadH, nameof(OutPadH), this);
        ConvArguments.RequireNonNegative(OutPadW, nameof(OutPadW), this);
        if (OutPadH >= StrideH || OutPadW >= StrideW)
            throw new ArgumentException(
                $"Transposed convolution {this} has output padding ({OutPadH}, {OutPadW}) not smaller than its stride " +
                $"({StrideH}, {StrideW}). Output padding must be less than the stride (as in PyTorch).");
        long oh = (InHeight - 1L) * StrideH - 2L * PadH + KernelH + OutPadH;
        long ow = (InWidth - 1L) * StrideW - 2L * PadW + KernelW + OutPadW;
        if (oh <= 0 || ow <= 0)
            throw new ArgumentException(
                $"Transposed convolution {this} has no output (computed {oh}×{ow}): the padding is too large for this " +
                "input and kernel. Reduce the padding or enlarge the kernel or input.");
        ConvArguments.RequireFits((long)Batch * InChannels * InHeight * InWidth, "input", this);
        ConvArguments.RequireFits((long)OutChannels * InChannels * KernelH * KernelW, "weight", this);
        ConvArguments.RequireFits((long)Batch * OutChannels * oh * ow, "output", this);
        ConvArguments.RequireFits((long)OutChannels * KernelH * KernelW * InHeight * InWidth, "im2col workspace", this);
    }
}
