using Pix2Pix.Gan.Training;

namespace Pix2Pix.Gan.Tests.Training;

[Collection("Training runs")]
public class RunLockTests
{
    [Fact]
    public void A_second_trainer_with_the_same_name_fails_at_once_naming_the_holder()
    {
        using var run = new TinyRun();
        var first = run.Options("locked", epochs: 1);
        RunLockedException? refused = null;
        int secondSteps = 0;
        using var trainer = new Trainer(first, TextWriter.Null);
        trainer.StepCompleted = (_, index, _) =>
        {
            if (index != 1)
                return;
            using var second = new Trainer(run.Options("locked", epochs: 1), TextWriter.Null);
            second.StepCompleted = (_, _, _) => secondSteps++;
            refused = Assert.Throws<RunLockedException>(() => second.Train());
        };
        trainer.Train();

        Assert.NotNull(refused);
        Assert.Equal(0, secondSteps);
        Assert.Contains($"pid {Environment.ProcessId} on host {Environment.MachineName}", refused.Message);
        Assert.Contains("another --name", refused.Message);
        // The first run was not disturbed, and its lock died with it: the run folder can be trained again.
        Assert.Equal(4, File.ReadAllLines(new RunFolder(first.RunDirectory).LossLog).Length - 1);
        var again = run.Options("locked", epochs: 2);
        again.ContinueTrain = true;
        using var third = new Trainer(again, TextWriter.Null);
        Assert.False(third.Train().Stopped);
    }

    [Fact]
    public void The_lock_is_released_on_dispose_and_says_who_holds_it()
    {
        using var run = new TinyRun();
        string dir = Path.Combine(run.Root, "folder");
        Directory.CreateDirectory(dir);
        using (RunLock.Acquire(dir))
        {
            var ex = Assert.Throws<RunLockedException>(() => RunLock.Acquire(dir));
            Assert.Contains($"held by pid {Environment.ProcessId}", ex.Message);
            Assert.Contains(dir, ex.Message);
        }
        using (RunLock.Acquire(dir))
        {
        }
        Assert.False(File.Exists(Path.Combine(dir, RunLock.OwnerFileName)));
    }
}
