namespace Pix2Pix.Gan.Downloads;

/// <summary>Something the authors' server publishes could not be fetched; the message says why and what to do.</summary>
internal abstract class DownloadException : Exception
{
    protected DownloadException()
    {
    }

    protected DownloadException(string message)
        : base(message)
    {
    }

    protected DownloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
