using Pix2Pix.Gan.Training;

namespace Pix2Pix.Gan.Tests.Training;

[Collection("Training runs")]
public class InterruptedSaveTests
{
    [Fact]
    public void Resume_recreates_an_epoch_snapshot_killed_mid_save_and_removes_stale_temporary_files()
    {
        using var run = new TinyRun();
        var opt = run.Options("snap", epochs: 2);
        using (var t = new Trainer(opt, TextWriter.Null))
            t.Train();
        var folder = new RunFolder(opt.RunDirectory);
        byte[] snapshotG = File.ReadAllBytes(folder.NetworkFile("2", "G"));
        byte[] snapshotD = File.ReadAllBytes(folder.NetworkFile("2", "D"));

        // A kill while the epoch-2 snapshot was written: G's temporary file never renamed, D not started.
        File.Delete(folder.NetworkFile("2", "G"));
        File.Delete(folder.NetworkFile("2", "D"));
        string orphan = Path.Combine(folder.Path, $".2_net_G.safetensors.4242.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(orphan, snapshotG[..100]);
        string orphanImage = Path.Combine(folder.WebDir, "images", $".epoch002_fake_B.png.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(orphanImage, [1, 2, 3]);
        string keep = Path.Combine(folder.Path, "notes.tmp");
        File.WriteAllText(keep, "the user's own file");

        var again = run.Options("snap", epochs: 2);
        again.ContinueTrain = true;
        var output = new StringWriter();
        using (var t = new Trainer(again, output))
            t.Train();

        Assert.Equal(snapshotG, File.ReadAllBytes(folder.NetworkFile("2", "G")));
        Assert.Equal(snapshotD, File.ReadAllBytes(folder.NetworkFile("2", "D")));
        Assert.False(File.Exists(orphan));
        Assert.False(File.Exists(orphanImage));
        Assert.True(File.Exists(keep));
        Assert.Contains("re-created 2_net_G.safetensors, missing from the last save", output.ToString());
        Assert.Contains("left by an interrupted save", output.ToString());
    }
}
