using Pix2Pix.Engine;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Visuals;

/// <summary>Turns network tensors into 8-bit images the way the reference's <c>util.tensor2im</c> does.</summary>
internal static class TensorImage
{
    /// <summary>
    /// Image <paramref name="index"/> of a [N, C, H, W] (or [C, H, W]) tensor in [−1, 1] → 8-bit pixels:
    /// (x + 1) / 2 · 255, truncated as numpy's astype(uint8) does (values are clamped first). One channel stays gray.
    /// </summary>
    public static Image ToImage(Tensor tensor, int index = 0)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        int rank = tensor.Rank;
        if (rank is not (3 or 4))
            throw new ArgumentException($"Expected an image tensor [N, C, H, W] or [C, H, W], got {tensor}.", nameof(tensor));
        int n = rank == 4 ? tensor.Dim(0) : 1;
        int c = tensor.Dim(rank - 3), h = tensor.Dim(rank - 2), w = tensor.Dim(rank - 1);
        if (index < 0 || index >= n)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The tensor holds {n} images.");
        if (c is not (1 or 3))
            throw new ArgumentException($"Only 1- or 3-channel tensors can be saved as images; got {c} channels.", nameof(tensor));
        var image = new Image(w, h, c);
        var src = tensor.Data.AsSpan(index * c * h * w, c * h * w);
        var dst = image.Pixels;
        int plane = h * w;
        for (int ch = 0; ch < c; ch++)
        {
            for (int p = 0; p < plane; p++)
            {
                float v = (src[ch * plane + p] + 1f) / 2f * 255f;
                dst[p * c + ch] = (byte)Math.Clamp(v, 0f, 255f);
            }
        }
        return image;
    }
}
