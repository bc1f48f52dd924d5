using Pix2Pix.Engine;
using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Tests.Training;

/// <summary>
/// Two unpaired synthetic domains in a temporary folder (trainA/trainB/testA/testB, PNG): A holds red, green or blue
/// rectangles at random places on a near-black background (a fixed palette, so that instance-normalised networks can
/// tell the colours apart by pattern); B holds other such images with their colours inverted (255 − v). A perfect G_A
/// inverts colours; <see cref="InvertedTestA"/> gives the answers for testA.
/// </summary>
internal sealed class CycleGanTinyRun : IDisposable
{
    public const int Side = 32;

    public CycleGanTinyRun(int train = 6, int test = 3, int seed = 5)
    {
        Root = Path.Combine(Path.GetTempPath(), $"p2p-cyclegan-{Guid.NewGuid():N}");
        var rng = new Random(seed);
        var testA = new List<Image>();
        foreach (var (folder, count, invert) in new[] { ("trainA", train, false), ("trainB", train, true), ("testA", test, false), ("testB", test, true) })
        {
            string dir = Path.Combine(DataRoot, folder);
            Directory.CreateDirectory(dir);
            for (int i = 0; i < count; i++)
            {
                var image = Rectangles(rng);
                if (folder == "testA")
                    testA.Add(image);
                ImageCodecs.SavePng(invert ? Invert(image) : image, Path.Combine(dir, $"{i:D3}.png"));
            }
        }
        TestA = testA;
    }

    public string Root { get; }

    public string DataRoot => Path.Combine(Root, "data");

    /// <summary>The testA images, in file order.</summary>
    public IReadOnlyList<Image> TestA { get; }

    public static Image Invert(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = new Image(image.Width, image.Height, image.Channels);
        for (int i = 0; i < image.Pixels.Length; i++)
            result.Pixels[i] = (byte)(255 - image.Pixels[i]);
        return result;
    }

    /// <summary>An 8-bit RGB image as a [1, 3, H, W] tensor in [−1, 1], as the data pipeline makes it.</summary>
    public static Tensor ToTensor(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var data = new float[3 * image.Width * image.Height];
        ImageOps.ToNormalizedPlanes(image, data);
        return new Tensor(data, 1, 3, image.Height, image.Width);
    }

    public TrainOptions Options(string name, int epochs) => new()
    {
        DataRoot = DataRoot,
        CheckpointsDir = Path.Combine(Root, "checkpoints"),
        Name = name,
        Model = "cycle_gan",
        DatasetMode = "unaligned",
        NetG = "resnet_6blocks",
        NetD = "basic",
        Norm = "instance",
        NoDropout = true,
        Ngf = 8,
        Ndf = 8,
        LoadSize = Side,
        CropSize = Side,
        Preprocess = "none",
        GanMode = "lsgan",
        PoolSize = 50,
        LambdaIdentity = 0f,
        NEpochs = epochs,
        NEpochsDecay = 0,
        PrintFreq = 1,
        DisplayFreq = 1000,
        UpdateHtmlFreq = 1000,
        SaveLatestFreq = 1000,
        SaveEpochFreq = 1000,
        NumThreads = 2,
        Seed = 3,
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Image Rectangles(Random rng)
    {
        var image = new Image(Side, Side, 3);
        Span<byte> colour = [20, 20, 30];
        Fill(image, 0, 0, Side, Side, colour);
        int count = rng.Next(1, 4);
        for (int r = 0; r < count; r++)
        {
            colour.Fill(30);
            colour[rng.Next(3)] = 230;
            int x = rng.Next(0, Side - 8), y = rng.Next(0, Side - 8);
            Fill(image, x, y, rng.Next(6, Side - x), rng.Next(6, Side - y), colour);
        }
        return image;
    }

    private static void Fill(Image image, int x0, int y0, int w, int h, ReadOnlySpan<byte> colour)
    {
        for (int y = y0; y < y0 + h; y++)
        {
            for (int x = x0; x < x0 + w; x++)
                colour.CopyTo(image.Pixels.AsSpan((y * Side + x) * 3, 3));
        }
    }
}
