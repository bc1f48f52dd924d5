namespace Pix2Pix.Gan.Downloads;

/// <summary>Bytes received so far and the total when the server announced it.</summary>
internal readonly record struct DownloadProgress(long BytesReceived, long? TotalBytes);
