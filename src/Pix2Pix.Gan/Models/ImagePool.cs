using Pix2Pix.Engine;

namespace Pix2Pix.Gan.Models;

/// <summary>
/// The reference's <c>util/image_pool.py</c> (Shrivastava et al. 2017): a buffer of previously generated images, so the
/// discriminators see a history of fakes rather than only the latest. With size 0 it passes images through. Otherwise,
/// per image of a batch: while the pool is not full the image is stored and returned; once full, with probability ½ a
/// random stored image is returned and replaced by the new one, else the new image is returned. Choices are drawn from
/// the given <see cref="Rng"/> (a model's seeded generator), and <see cref="Export"/>/<see cref="Load"/> carry the
/// contents through training checkpoints for an exact resume.
/// </summary>
internal sealed class ImagePool
{
    private readonly List<float[]> _images = [];
    private readonly Rng _rng;
    private int[]? _imageShape;

    public ImagePool(int size, Rng rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        Size = size;
        _rng = rng ?? throw new ArgumentNullException(nameof(rng));
    }

    /// <summary>The most images the pool holds (<c>--pool_size</c>).</summary>
    public int Size { get; }

    /// <summary>How many images are stored now.</summary>
    public int Count => _images.Count;

    /// <summary>
    /// Returns a batch of the same shape as <paramref name="images"/> ([N, C, H, W]), drawn from the pool as described
    /// above; the result carries no gradient history (the reference's <c>image.data</c>).
    /// </summary>
    public Tensor Query(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (Size == 0)
            return images;
        if (images.Rank != 4)
            throw new ArgumentException($"The image pool takes a batch [N, C, H, W]; got {images}.", nameof(images));
        int n = images.Dim(0);
        int per = images.Count / n;
        int[] imageShape = images.Shape[1..].ToArray();
        if (_imageShape is null)
            _imageShape = imageShape;
        else if (!_imageShape.AsSpan().SequenceEqual(imageShape))
            throw new ArgumentException(
                $"The image pool holds images of shape [{string.Join(", ", _imageShape)}] but was given [{string.Join(", ", imageShape)}]; CycleGAN training needs one image size (use a crop preprocess or --pool_size 0).",
                nameof(images));
        // The result is an op's output: from the step's arena when one is entered (no garbage per step).
        var output = Tensor.ForOpLike(images, zeroed: false);
        var result = output.Data;
        for (int i = 0; i < n; i++)
        {
            var image = images.Data.AsSpan(i * per, per);
            var destination = result.AsSpan(i * per, per);
            if (_images.Count < Size)
            {
                _images.Add(image.ToArray());
                image.CopyTo(destination);
            }
            else if (_rng.NextDouble() > 0.5)
            {
                int id = _rng.NextInt(Size);
                _images[id].CopyTo(destination);
                image.CopyTo(_images[id]);
            }
            else
            {
                image.CopyTo(destination);
            }
        }
        return output;
    }

    /// <summary>The stored images as one [Count, C, H, W] tensor, in pool order; null while the pool is empty.</summary>
    public Tensor? Export()
    {
        if (_images.Count == 0 || _imageShape is null)
            return null;
        int per = _images[0].Length;
        var data = new float[per * _images.Count];
        for (int i = 0; i < _images.Count; i++)
            _images[i].CopyTo(data, i * per);
        return new Tensor(data, [_images.Count, .. _imageShape]);
    }

    /// <summary>Replaces the contents with what <see cref="Export"/> returned (null: empty).</summary>
    public void Load(Tensor? images, string sourceName)
    {
        _images.Clear();
        _imageShape = null;
        if (images is null)
            return;
        if (images.Rank != 4 || images.Dim(0) > Size)
            throw new InvalidDataException(
                $"{sourceName} holds an image pool of shape {images} but this run's --pool_size is {Size}; resume with the --pool_size the run was trained with.");
        int n = images.Dim(0);
        int per = images.Count / n;
        for (int i = 0; i < n; i++)
            _images.Add(images.Data.AsSpan(i * per, per).ToArray());
        _imageShape = images.Shape[1..].ToArray();
    }
}
