using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Gan.Tests.Training;

[Collection("Training runs")]
public class DivergenceTests
{
    [Fact]
    public void A_diverging_run_stops_naming_the_step_and_lr_and_keeps_the_last_good_checkpoint()
    {
        using var run = new TinyRun();
        var good = run.Options("diverge", epochs: 1);
        using (var t = new Trainer(good, TextWriter.Null))
            t.Train();
        var folder = new RunFolder(good.RunDirectory);
        string[] files = [folder.NetworkFile("latest", "G"), folder.NetworkFile("latest", "D"), folder.TrainStateFile("latest"), folder.NetworkFile("1", "G")];
        byte[][] before = files.Select(File.ReadAllBytes).ToArray();

        // The same run folder trained again with a learning rate that blows D up in its first update.
        var bad = run.Options("diverge", epochs: 1);
        bad.Lr = 1e30f;
        bad.SaveLatestFreq = 1;
        using var trainer = new Trainer(bad, TextWriter.Null);
        var ex = Assert.Throws<TrainingDivergedException>(() => trainer.Train());

        Assert.Contains("--lr 1E+30", ex.Message);
        Assert.Contains("epoch 1, batch 1 (1 images seen)", ex.Message);
        Assert.Contains("the loss G_GAN is", ex.Message);
        for (int i = 0; i < files.Length; i++)
        {
            Assert.Equal(before[i], File.ReadAllBytes(files[i]));
            Assert.Null(NonFinite.Find(SafeTensors.Read(files[i]).Tensors));
        }
    }

    [Fact]
    public void The_guard_names_the_first_non_finite_tensor_and_counts_its_bad_values()
    {
        var state = new StateDict();
        state.Add("net_G.w", Tensor.FromArray([1f, 2f], 2));
        var moments = new float[1000];
        moments[700] = float.PositiveInfinity;
        moments[900] = float.NaN;
        state.Add("optimizer_G.state.0.exp_avg_sq", new Tensor(moments, 1000));
        var finding = NonFinite.Find(state);
        Assert.NotNull(finding);
        Assert.Equal("'optimizer_G.state.0.exp_avg_sq' has 2 non-finite values (the first, at index 700, is +Inf)", finding.Describe());
    }
}
