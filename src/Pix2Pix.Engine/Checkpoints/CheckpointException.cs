namespace Pix2Pix.Engine.Checkpoints;

/// <summary>
/// A checkpoint file could not be read or written, or does not fit the tensors it is loaded into. The message
/// names the file, says what is wrong and what to do.
/// </summary>
public sealed class CheckpointException : Exception
{
    /// <summary>A checkpoint error without a message.</summary>
    public CheckpointException()
    {
    }

    /// <summary>A checkpoint error with a message that names the file and says what to do.</summary>
    /// <param name="message">The message.</param>
    public CheckpointException(string message)
        : base(message)
    {
    }

    /// <summary>A checkpoint error caused by another exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CheckpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
