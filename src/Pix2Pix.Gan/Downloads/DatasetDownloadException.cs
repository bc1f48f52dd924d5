namespace Pix2Pix.Gan.Downloads;

/// <summary>A dataset could not be downloaded or unpacked; the message says why and what to do.</summary>
internal sealed class DatasetDownloadException : DownloadException
{
    public DatasetDownloadException()
    {
    }

    public DatasetDownloadException(string message)
        : base(message)
    {
    }

    public DatasetDownloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
