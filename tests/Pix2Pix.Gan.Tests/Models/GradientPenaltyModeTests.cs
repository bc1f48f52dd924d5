using Pix2Pix.Engine;
using Pix2Pix.Gan.Losses;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Options;
using F = Pix2Pix.Engine.Functional;

namespace Pix2Pix.Gan.Tests.Models;

/// <summary>
/// <c>--gan_mode wgangp</c> of pix2pix and CycleGAN calls the reference's cal_gradient_penalty (type mixed, --lambda_gp);
/// the penalty's parameter gradients through a PatchGAN with batch norm agree with finite differences.
/// </summary>
public class GradientPenaltyModeTests
{
    private static Tensor R(int seed, params int[] shape) => Tensor.Uniform(new Rng((ulong)seed), -1f, 1f, shape);

    [Theory]
    [InlineData("batch")]
    [InlineData("instance")]
    [InlineData("none")]
    public void Penalty_gradients_through_a_patchgan_match_finite_differences(string norm)
    {
        var d = NetworkFactory.DefineD(2, 4, "basic", 3, norm, "normal", 0.5f, new Rng(7));   // weights ~0.5: a step of 1e-3 stays in the linear range
        var real = R(1, 2, 2, 32, 32);
        var fake = R(2, 2, 2, 32, 32);
        float[] eps = [0.3f, 0.8f];
        Tensor Penalty() => GradientPenalty.Compute(d.Forward, real, fake, new Rng(0), 10f, epsilon: eps);

        var parameters = d.Parameters().ToList();
        foreach (var p in parameters)
            p.Grad = null;
        var penalty = Penalty();
        penalty.Backward();
        Assert.True(penalty.Item() > 0f && float.IsFinite(penalty.Item()));

        // A few weights of the first convolution and of the last one, by central differences in double.
        foreach (var (p, index) in new[] { (parameters[0], 5), (parameters[0], 77), (parameters[^2], 3), (parameters[^2], 200) })
        {
            float saved = p.Data[index];
            const float h = 1e-3f;
            p.Data[index] = saved + h;
            double plus = Penalty().Item();
            p.Data[index] = saved - h;
            double minus = Penalty().Item();
            p.Data[index] = saved;
            double numeric = (plus - minus) / (2 * h);
            double analytic = p.Grad![index];
            Assert.True(Math.Abs(analytic - numeric) <= 2e-2 * Math.Max(Math.Abs(analytic), Math.Abs(numeric)) + 1e-3,
                $"d(penalty)/d(weight {index}): analytic {analytic:G6}, finite differences {numeric:G6}");
        }
    }

    [Fact]
    public void Pix2pix_with_gan_mode_wgangp_adds_the_penalty_to_Ds_loss()
    {
        var opt = new TrainOptions { Model = "pix2pix", NetG = "unet_128", Ngf = 4, Ndf = 4, CropSize = 128, GanMode = "wgangp" };
        var model = new Pix2PixModel(opt, seed: 3);
        model.SetInput(R(3, 1, 3, 128, 128), R(4, 1, 3, 128, 128));
        model.OptimizeParameters();
        Assert.True(model.LossDGp > 0f && float.IsFinite(model.LossDGp), $"penalty {model.LossDGp}");
        Assert.All(model.CurrentLosses(), l => Assert.True(float.IsFinite(l.Value), $"{l.Key} = {l.Value}"));
        Assert.Equal(["G_GAN", "G_L1", "D_real", "D_fake", "D_GP"], model.LossNames);   // the penalty goes into loss_log.txt
        Assert.Equal(model.LossDGp, model.CurrentLosses().Single(l => l.Key == "D_GP").Value);

        var vanilla = new Pix2PixModel(new TrainOptions { Model = "pix2pix", NetG = "unet_128", Ngf = 4, Ndf = 4, CropSize = 128 }, seed: 3);
        vanilla.SetInput(R(3, 1, 3, 128, 128), R(4, 1, 3, 128, 128));
        vanilla.OptimizeParameters();
        Assert.True(float.IsNaN(vanilla.LossDGp));
        Assert.DoesNotContain("D_GP", vanilla.LossNames);
    }

    [Fact]
    public void Cycle_gan_with_gan_mode_wgangp_trains_with_the_penalty()
    {
        var withPenalty = Step(10f);
        var without = Step(0f);
        // D's loss includes λ·penalty ≥ 0 on top of the same Wasserstein terms.
        Assert.True(withPenalty.D_A > without.D_A, $"D_A {withPenalty.D_A} with the penalty, {without.D_A} without");
        Assert.True(float.IsFinite(withPenalty.D_B));

        static (float D_A, float D_B) Step(float lambda)
        {
            var opt = new TrainOptions { Model = "cycle_gan", NetG = "resnet_6blocks", Ngf = 4, Ndf = 4, CropSize = 32, Norm = "instance", GanMode = "wgangp" };
            GradientPenalty.LambdaFlag.Set(opt, lambda);
            var model = new CycleGanModel(opt, seed: 9);
            model.SetInput(R(5, 1, 3, 32, 32), R(6, 1, 3, 32, 32));
            model.OptimizeParameters();
            var losses = model.CurrentLosses().ToDictionary(l => l.Key, l => l.Value);
            return (losses["D_A"], losses["D_B"]);
        }
    }
}
