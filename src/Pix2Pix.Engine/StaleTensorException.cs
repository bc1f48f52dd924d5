namespace Pix2Pix.Engine;

/// <summary>
/// A tensor's buffer was read after its <see cref="TensorArena"/> recycled it (the arena was entered again, or the
/// <see cref="TensorArena.Transient"/> region that made it ended), so its values may belong to another tensor by now.
/// Only raised while <see cref="TensorArena.DetectStaleTensors"/> is on.
/// </summary>
internal sealed class StaleTensorException : InvalidOperationException
{
    public StaleTensorException()
    {
    }

    public StaleTensorException(string message) : base(message)
    {
    }

    public StaleTensorException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
