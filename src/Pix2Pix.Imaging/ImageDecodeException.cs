namespace Pix2Pix.Imaging;

/// <summary>
/// An image file could not be decoded: it is corrupt, truncated, too large, or uses a feature we do not support.
/// The message names the file, the place (segment, chunk or byte offset) and the problem.
/// </summary>
public sealed class ImageDecodeException : Exception
{
    /// <summary>A decoding error without a message.</summary>
    public ImageDecodeException()
    {
    }

    /// <summary>A decoding error with a message that names the file.</summary>
    /// <param name="message">The message.</param>
    public ImageDecodeException(string message)
        : base(message)
    {
    }

    /// <summary>A decoding error caused by another exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="inner">The cause.</param>
    public ImageDecodeException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>A decoding error at a place in a file; the message reads "source: problem (at location).".</summary>
    /// <param name="source">The file name (or other description) of what was being decoded.</param>
    /// <param name="location">Where in the file: a segment, chunk or byte offset.</param>
    /// <param name="problem">What is wrong, and what to do about it.</param>
    public ImageDecodeException(string source, string location, string problem)
        : base($"{source}: {problem} (at {location}).")
    {
        Source = source;
        Location = location;
        Problem = problem;
    }

    /// <summary>The file name (or other description) of what was being decoded.</summary>
    public new string? Source { get; }

    /// <summary>Where in the file: a segment, chunk or byte offset.</summary>
    public string? Location { get; }

    /// <summary>What is wrong, and what to do about it.</summary>
    public string? Problem { get; }
}
