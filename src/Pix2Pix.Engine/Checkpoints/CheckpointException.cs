namespace Pix2Pix.Engine.Checkpoints;

/// <summary>
/// A checkpoint file could not be read or written, or does not fit the tensors it is loaded into. The message
/// names the file, says what is wrong and what to do.
/// </summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException()
    {
    }

    public CheckpointException(string message)
        : base(message)
    {
    }

    public CheckpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
