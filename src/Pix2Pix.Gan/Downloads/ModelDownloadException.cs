namespace Pix2Pix.Gan.Downloads;

/// <summary>A pretrained model could not be downloaded; the message says why and what to do.</summary>
internal sealed class ModelDownloadException : DownloadException
{
    public ModelDownloadException()
    {
    }

    public ModelDownloadException(string message)
        : base(message)
    {
    }

    public ModelDownloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
