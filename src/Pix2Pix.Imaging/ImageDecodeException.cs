namespace Pix2Pix.Imaging;

/// <summary>
/// An image file could not be decoded: it is corrupt, truncated, too large, or uses a feature we do not support.
/// The message names the file, the place (segment, chunk or byte offset) and the problem.
/// </summary>
public sealed class ImageDecodeException : Exception
{
    public ImageDecodeException()
    {
    }

    public ImageDecodeException(string message)
        : base(message)
    {
    }

    public ImageDecodeException(string message, Exception inner)
        : base(message, inner)
    {
    }

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

    public string? Problem { get; }
}
