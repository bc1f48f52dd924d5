using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Gan.Inference;

namespace Pix2Pix.Gan.Tests.Inference;

/// <summary>
/// The pytorch_GAN_zoo checkpoint reader on damaged files (both formats): every truncation and bit flip either loads or
/// fails with a message-bearing error that names the file — never another exception type.
/// </summary>
public sealed class ZooCheckpointDamageTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"p2p-zoo-damage-{Guid.NewGuid():N}");

    public ZooCheckpointDamageTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Theory]
    [InlineData("zoo_s2.pth")]
    [InlineData("zoo_s2_legacy.pth")]
    public void Truncated_and_bit_flipped_zoo_checkpoints_fail_cleanly_naming_the_file(string fixture)
    {
        byte[] original = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "progan", fixture));
        var rng = new Rng(77);
        var cases = new List<(string Kind, byte[] Bytes)>();
        for (int i = 0; i < 24; i++)
            cases.Add(($"truncated to {i}/24", original[..(int)((long)original.Length * i / 24)]));
        for (int i = 0; i < 40; i++)
        {
            var flipped = (byte[])original.Clone();
            // half the flips in the first 4 KiB (headers, pickle, zip directory), half anywhere
            int at = i % 2 == 0 ? rng.NextInt(Math.Min(4096, original.Length)) : rng.NextInt(original.Length);
            flipped[at] ^= (byte)(1 << rng.NextInt(8));
            cases.Add(($"bit flip at {at}", flipped));
        }
        string path = Path.Combine(_dir, fixture);
        int loaded = 0, refused = 0, truncationsRefused = 0;
        foreach (var (kind, bytes) in cases)
        {
            File.WriteAllBytes(path, bytes);
            try
            {
                ZooCheckpoint.Load(path);
                loaded++;
            }
            catch (Exception ex) when (ex is CheckpointException or InvalidDataException)
            {
                Assert.True(ex.Message.Contains(fixture, StringComparison.Ordinal), $"{kind}: the message does not name the file: {ex.Message}");
                refused++;
                if (kind.StartsWith("truncated", StringComparison.Ordinal))
                    truncationsRefused++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"{kind}: {ex.GetType().Name}: {ex.Message}");
            }
        }
        Assert.True(truncationsRefused == 24, $"{truncationsRefused} of 24 truncations refused ({refused} refused, {loaded} loaded in all)");
    }
}
