namespace Pix2Pix.Engine.Kernels;

/// <summary>Size arithmetic and argument checks shared by the convolution geometries and kernels.</summary>
internal static class ConvArguments
{
    public static int ConvOut(int size, int kernel, int stride, int pad)
        => stride <= 0 ? 0 : (size + 2 * pad - kernel) / stride + 1;

    // Generic over the geometry struct (not object): a check that passes must not box it — every kernel call validates.
    public static void RequirePositive<TGeometry>(int value, string name, in TGeometry geometry)
        where TGeometry : struct
    {
        if (value <= 0)
            throw new ArgumentException($"{name} must be 1 or more but is {value} in {geometry}. Fix the layer's configuration.", name);
    }

    public static void RequireNonNegative<TGeometry>(int value, string name, in TGeometry geometry)
        where TGeometry : struct
    {
        if (value < 0)
            throw new ArgumentException($"{name} must be 0 or more but is {value} in {geometry}. Fix the layer's configuration.", name);
    }

    public static void RequireFits<TGeometry>(long count, string what, in TGeometry geometry)
        where TGeometry : struct
    {
        if (count > Array.MaxLength)
            throw new ArgumentException($"The {what} of {geometry} would hold {count} elements, more than one buffer can ({Array.MaxLength}). Use a smaller batch or image.");
    }

    /// <summary>Checks that a source span holds at least <paramref name="needed"/> elements.</summary>
    public static void RequireSource(int length, int needed, string paramName, string shape)
    {
        if (length < needed)
            throw new ArgumentException($"Source is too short: {paramName} has {length} elements but the geometry needs {needed} ({shape}).", paramName);
    }

    /// <summary>Checks that a destination span holds at least <paramref name="needed"/> elements.</summary>
    public static void RequireDestination(int length, int needed, string paramName, string shape)
    {
        if (length < needed)
            throw new ArgumentException($"Destination is too short: {paramName} has {length} elements but the geometry needs {needed} ({shape}).", paramName);
    }

    /// <summary>Checks an optional (empty = absent) bias-like span of exactly <paramref name="channels"/> elements or more.</summary>
    public static void RequireOptional(int length, int channels, string paramName, bool destination)
    {
        if (length != 0 && length < channels)
            throw new ArgumentException(
                $"{(destination ? "Destination" : "Source")} is too short: {paramName} has {length} elements but needs one per output channel ({channels}); pass an empty span for no bias.",
                paramName);
    }
}
