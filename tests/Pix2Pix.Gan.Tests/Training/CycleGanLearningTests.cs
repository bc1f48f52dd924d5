using Pix2Pix.Engine;
using Pix2Pix.Gan.Evaluation;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Training;
using Xunit.Abstractions;

namespace Pix2Pix.Gan.Tests.Training;

[Collection("Training runs")]
public class CycleGanLearningTests(ITestOutputHelper output)
{
    [Fact]
    public void A_tiny_cyclegan_learns_unpaired_colour_inversion_and_its_cycle_losses_fall()
    {
        using var run = new CycleGanTinyRun();
        var opt = run.Options("learn", epochs: EpochCount);
        opt.Lr = 0.001f;
        var perEpoch = new List<double>();
        double sum = 0;
        using (var t = new Trainer(opt, TextWriter.Null))
        {
            t.StepCompleted = (_, index, batches) =>
            {
                var losses = t.Model.CurrentLosses().ToDictionary(kv => kv.Key, kv => kv.Value);
                sum += losses["cycle_A"] + losses["cycle_B"];
                if (index == batches)
                {
                    perEpoch.Add(sum / batches);
                    sum = 0;
                }
            };
            double before = MappingError(t.Model.Network("G_A"), run);
            t.Train();
            double after = MappingError(t.Model.Network("G_A"), run);
            double identity = run.TestA.Average(img => ImageMetrics.MeanAbsoluteError(CycleGanTinyRun.ToTensor(img).Data, CycleGanTinyRun.ToTensor(CycleGanTinyRun.Invert(img)).Data));
            output.WriteLine($"cycle loss per epoch: {string.Join(" ", perEpoch.Select(v => v.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
            output.WriteLine($"L1(G_A(testA), inverted testA): before {before:F4}, after {after:F4} (unchanged input: {identity:F4})");
            double early = perEpoch[0], late = perEpoch.TakeLast(3).Average();
            Assert.Equal(EpochCount, perEpoch.Count);
            Assert.True(late < 0.5 * early, $"the cycle losses fell only from {early:F3} to {late:F3}");
            Assert.True(after < 0.5 * before, $"G_A moved too little toward colour inversion: L1 {before:F4} → {after:F4}");
            Assert.True(after < 0.3 * identity, $"G_A's output ({after:F4}) is not much closer to the inverted images than its input ({identity:F4})");
        }
    }

    private const int EpochCount = 30;

    /// <summary>Mean L1 ([−1, 1] scale) between G_A's output on testA and the inverted testA images.</summary>
    private static double MappingError(Pix2Pix.Engine.Modules.Module g, CycleGanTinyRun run)
    {
        g.Train(true);   // instance norm: the same in both modes
        double total = 0;
        foreach (var image in run.TestA)
        {
            Tensor fake;
            using (Autograd.NoGrad())
                fake = g.Forward(CycleGanTinyRun.ToTensor(image));
            total += ImageMetrics.MeanAbsoluteError(fake.Data, CycleGanTinyRun.ToTensor(CycleGanTinyRun.Invert(image)).Data);
        }
        return total / run.TestA.Count;
    }
}
