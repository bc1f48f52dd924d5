using Pix2Pix.Engine;
using Pix2Pix.Gan.Losses;
using Pix2Pix.Gan.Options;
using F = Pix2Pix.Engine.Functional;

namespace Pix2Pix.Gan.Models;

/// <summary>
/// <c>--model wgangp</c>: WGAN-GP (GANS.md §6, Gulrajani et al. 2017). D is a critic (a score, no sigmoid, no batch norm).
/// One step, per real batch, as the common PyTorch write-up does: <c>--n_critic</c> critic updates, each with fresh z and
/// fresh ε, minimising mean(D(G(z))) − mean(D(x)) + λ·mean((‖∇x̂ D(x̂)‖₂ − 1)²) with x̂ = εx + (1 − ε)G(z),
/// ε ~ U(0, 1) per sample (<see cref="GradientPenalty"/>, a real second-order gradient); then one G update minimising
/// −mean(D(G(z))) on the last critic update's G(z) (no new z), through the updated critic.
/// z and ε come from the model's training generator, so resuming is exact. Adam betas (--beta1, 0.9).
/// </summary>
internal sealed partial class WganGpModel : LatentGanModel
{
    private float[]? _givenEpsilon;
    private float _lossG = float.NaN, _lossD = float.NaN, _lossDReal = float.NaN, _lossDFake = float.NaN, _lossGp = float.NaN;

    public WganGpModel(TrainOptions opt, ulong seed, bool train = true)
        : base(opt, seed, train, beta2: 0.9f)
    {
        ArgumentNullException.ThrowIfNull(opt);
        LambdaGp = LambdaGpFlag.Get(opt);
        NCritic = NCriticFlag.Get(opt);
    }

    public float LambdaGp { get; }

    public int NCritic { get; }

    public override bool Conditional => false;

    public override IReadOnlyList<string> LossNames { get; } = ["G", "D", "D_real", "D_fake", "GP"];

    /// <summary>Gives the ε of the next critic update instead of drawing it (the parity test against PyTorch).</summary>
    public void SetEpsilon(float[] epsilon) => _givenEpsilon = epsilon ?? throw new ArgumentNullException(nameof(epsilon));

    public override void OptimizeParameters()
    {
        if (!IsTrain || NetD is null)
            throw new InvalidOperationException("This model was built for sampling; build it with training on to train.");
        var real = Real ?? throw new InvalidOperationException("Call SetInput before OptimizeParameters.");
        NetD.SetRequiresGrad(true);
        for (int i = 0; i < NCritic; i++)
        {
            if (i < NCritic - 1)
            {
                using (Autograd.NoGrad())   // only the last G(z) is needed with its graph, for G's update
                    Forward();
            }
            else
            {
                Forward();
            }
            OptimizerD.ZeroGrad();
            using (TensorArena.TransientOfEntered())
            {
                var fake = Fake!.Detach();
                var scoreReal = F.Mean(Discriminate(real, null));
                var scoreFake = F.Mean(Discriminate(fake, null));
                var penalty = GradientPenalty.Compute(x => Discriminate(x, null), real, fake, TrainingRng, LambdaGp, epsilon: _givenEpsilon);
                _givenEpsilon = null;
                var lossD = scoreFake - scoreReal + penalty;
                lossD.Backward();
                (_lossDReal, _lossDFake, _lossGp, _lossD) = (scoreReal.Item(), scoreFake.Item(), penalty.Item(), lossD.Item());
            }
            OptimizerD.Step();
        }
        NetD.SetRequiresGrad(false);   // the critic is fixed while G learns
        OptimizerG.ZeroGrad();
        var lossG = -F.Mean(Discriminate(Fake!, null));
        lossG.Backward();
        _lossG = lossG.Item();
        OptimizerG.Step();
    }

    /// <summary>G: −mean D(G(z)); D: the critic's last loss (with the penalty); D_real, D_fake: mean scores; GP: λ·penalty.</summary>
    public override IReadOnlyList<KeyValuePair<string, float>> CurrentLosses() =>
        [new("G", _lossG), new("D", _lossD), new("D_real", _lossDReal), new("D_fake", _lossDFake), new("GP", _lossGp)];
}
