namespace Pix2Pix.Gan.Data;

/// <summary>
/// A data folder, image or data option cannot be used: the message names the folder, file or flag, says what is
/// wrong and what to do (for example which layout <c>--dataset_mode</c> expects).
/// </summary>
internal sealed class DataException : Exception
{
    public DataException()
    {
    }

    public DataException(string message)
        : base(message)
    {
    }

    public DataException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
