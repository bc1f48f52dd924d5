using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Tests.Data.Support;

/// <summary>A fresh folder under the system temp folder, deleted on dispose; writes small test images.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pix2pix-data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Sub(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a PNG at <paramref name="relative"/> and returns its full path.</summary>
    public string WritePng(string relative, Image image)
    {
        string full = Sub(relative);
        ImageCodecs.SavePng(image, full);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
