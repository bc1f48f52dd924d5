using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Engine.Optim;
using Pix2Pix.Engine.Tests.Checkpoints;

namespace Pix2Pix.Engine.Tests.Optim;

public class AdamStateTests
{
    [Fact]
    public void Saving_to_safetensors_and_resuming_continues_bit_for_bit_like_an_uninterrupted_run()
    {
        using var folder = new TempFolder();
        var run = AdamReference.Load("adam_pix2pix.safetensors");
        // n_epochs 1: the rate decays from the second step on, to doubles that are not float literals.
        var schedule = new LrScheduleOptions { NEpochs = 1, NEpochsDecay = 9 };
        const int resumeAfter = 3;

        Tensor[] straight = run.InitialParameters();
        var adamStraight = new Adam(straight, run.Lr, run.Beta1, run.Beta2, run.Eps);
        ILrScheduler lrStraight = LrSchedulers.Create("linear", adamStraight, schedule);
        Tensor[] first = run.InitialParameters();
        var adamFirst = new Adam(first, run.Lr, run.Beta1, run.Beta2, run.Eps);
        ILrScheduler lrFirst = LrSchedulers.Create("linear", adamFirst, schedule);
        for (int t = 1; t <= run.Steps; t++)
        {
            Feed(run, straight, t);
            adamStraight.Step();
            lrStraight.Step();
            if (t <= resumeAfter)
            {
                Feed(run, first, t);
                adamFirst.Step();
                lrFirst.Step();
            }
        }

        // One training-state file: optimizer tensors, scheduler state as metadata; weights in another file.
        string statePath = folder.File("latest_optimizer.safetensors");
        Checkpoint.Save(statePath, adamFirst.ExportState(), lrFirst.SaveState());
        var weights = new StateDict();
        for (int i = 0; i < first.Length; i++)
            weights.Add($"p{i}", first[i]);
        string weightsPath = folder.File("latest_net.safetensors");
        Checkpoint.Save(weightsPath, weights);

        Tensor[] resumed = run.InitialParameters();
        var target = new StateDict();
        for (int i = 0; i < resumed.Length; i++)
            target.Add($"p{i}", resumed[i]);
        Checkpoint.LoadInto(weightsPath, target);
        var adamResumed = new Adam(resumed, run.Lr, run.Beta1, run.Beta2, run.Eps);
        (StateDict optimizerState, IReadOnlyDictionary<string, string> schedulerState) = SafeTensors.Read(statePath);
        adamResumed.LoadState(optimizerState);
        // The optimizer alone restores the exact double rate (lr_bits); a plateau scheduler does not touch it.
        Assert.Equal(lrFirst.LearningRate, new PlateauLrScheduler(adamResumed).LearningRate);
        ILrScheduler lrResumed = LrSchedulers.Create("linear", adamResumed, schedule);
        lrResumed.LoadState(schedulerState);
        Assert.Equal(resumeAfter, adamResumed.StepCount);
        Assert.Equal(lrFirst.LearningRate, lrResumed.LearningRate);
        for (int t = resumeAfter + 1; t <= run.Steps; t++)
        {
            Feed(run, resumed, t);
            adamResumed.Step();
            lrResumed.Step();
        }

        for (int i = 0; i < straight.Length; i++)
            Assert.Equal(straight[i].Data, resumed[i].Data);
        Assert.Equal(adamStraight.StepCount, adamResumed.StepCount);
        Assert.Equal(lrStraight.LearningRate, lrResumed.LearningRate);
        Assert.NotEqual(run.Lr, lrResumed.LearningRate);
    }

    [Fact]
    public void Exported_state_is_a_copy_that_later_steps_do_not_change()
    {
        var p = new Tensor([1f, 2f], 2) { Grad = [0.1f, 0.2f] };
        var adam = new Adam([p], 0.1f);
        adam.Step();
        StateDict state = adam.ExportState();
        Assert.True(state.TryGetFloat("state.0.exp_avg", out Tensor m));
        float[] before = (float[])m.Data.Clone();
        adam.Step();
        Assert.Equal(before, m.Data);
    }

    [Fact]
    public void Loading_a_state_for_a_different_shape_names_the_entry_and_both_shapes_and_changes_nothing()
    {
        var source = new Adam([new Tensor(new float[6], 2, 3) { Grad = new float[6] }], 0.1f);
        source.Step();
        StateDict state = source.ExportState();
        var p = new Tensor(new float[6], 3, 2) { Grad = new float[6] };
        var adam = new Adam([p], 0.1f);
        var e = Assert.Throws<ArgumentException>(() => adam.LoadState(state));
        Assert.Contains("state.0.exp_avg", e.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 3]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[3, 2]", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, adam.StepCount);
        Assert.False(adam.ExportState().Contains("state.0.exp_avg"));
    }

    [Fact]
    public void Loading_a_state_for_more_parameters_than_the_optimizer_has_is_refused()
    {
        var source = new Adam([new Tensor([0f], 1) { Grad = [1f] }, new Tensor([0f], 1) { Grad = [1f] }], 0.1f);
        source.Step();
        var adam = new Adam([new Tensor([0f], 1)], 0.1f);
        var e = Assert.Throws<ArgumentException>(() => adam.LoadState(source.ExportState()));
        Assert.Contains("parameter 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("1 parameters", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_a_state_saved_with_other_betas_is_refused_with_both_values()
    {
        var source = new Adam([new Tensor([0f], 1)], 0.1f, beta1: 0.5f);
        var adam = new Adam([new Tensor([0f], 1)], 0.1f, beta1: 0.9f);
        var e = Assert.Throws<ArgumentException>(() => adam.LoadState(source.ExportState()));
        Assert.Contains("beta1 = 0.5", e.Message, StringComparison.Ordinal);
        Assert.Contains("beta1 = 0.9", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_an_incomplete_or_foreign_state_is_refused()
    {
        var source = new Adam([new Tensor([0f], 1) { Grad = [1f] }], 0.1f);
        source.Step();
        StateDict full = source.ExportState();
        var partial = new StateDict();
        foreach (string name in full.Names.Where(n => n != "state.0.exp_avg_sq"))
        {
            if (full.TryGetFloat(name, out Tensor f))
                partial.Add(name, f);
            else if (full.TryGetInt64(name, out Int64Tensor i))
                partial.Add(name, i);
        }
        var adam = new Adam([new Tensor([0f], 1)], 0.1f);
        Assert.Contains("state.0.exp_avg_sq", Assert.Throws<ArgumentException>(() => adam.LoadState(partial)).Message, StringComparison.Ordinal);

        var foreign = new StateDict();
        foreign.Add("model.weight", new Tensor([0f], 1));
        Assert.Contains("'step'", Assert.Throws<ArgumentException>(() => adam.LoadState(foreign)).Message, StringComparison.Ordinal);
    }

    private static void Feed(AdamReference run, Tensor[] parameters, int t)
    {
        for (int i = 0; i < parameters.Length; i++)
            parameters[i].Grad = run.Gradient(i, t);
    }
}
