using Pix2Pix.Engine;
using Pix2Pix.Gan.Options;
using Pix2Pix.Imaging.Color;

namespace Pix2Pix.Gan.Models;

/// <summary>
/// The reference's <c>colorization_model.py</c>: pix2pix from the lightness L (1 channel, A = L/50 − 1) to the colour
/// channels ab (2 channels, B = ab/110). Training is exactly pix2pix; only the visuals differ: real_B and fake_B are
/// shown as RGB images (real_B_rgb, fake_B_rgb) by joining them with real_A and converting Lab → sRGB.
/// </summary>
internal sealed partial class ColorizationModel : GanModel
{
    private readonly Pix2PixModel _pix2pix;

    public ColorizationModel(BaseOptions opt, ulong seed)
        : base(opt is TrainOptions, seed)
    {
        ArgumentNullException.ThrowIfNull(opt);
        if (opt.InputNc != 1 || opt.OutputNc != 2)
            throw new ArgumentException(
                $"--model colorization maps L (1 channel) to ab (2 channels), but got --input_nc {opt.InputNc} --output_nc {opt.OutputNc}; use --input_nc 1 --output_nc 2 (the defaults for this model).");
        _pix2pix = new Pix2PixModel(opt, seed);
        foreach (var (name, net) in _pix2pix.Networks)
            AddNetwork(name, net);
        foreach (var (name, optimizer) in _pix2pix.Optimizers)
            AddOptimizer(name, optimizer);
    }

    /// <summary>The pix2pix model that does the work (its G, D, losses and tensors).</summary>
    public Pix2PixModel Pix2Pix => _pix2pix;

    public override IReadOnlyList<string> LossNames => _pix2pix.LossNames;

    public override IReadOnlyList<string> VisualNames => Descriptor.VisualNames;

    public override void SetInput(Tensor a, Tensor? b) => _pix2pix.SetInput(a, b);

    public override void Forward() => _pix2pix.Forward();

    public override void OptimizeParameters() => _pix2pix.OptimizeParameters();

    public override IReadOnlyList<KeyValuePair<string, float>> CurrentLosses() => _pix2pix.CurrentLosses();

    /// <summary>real_A (gray L) and, as RGB tensors in [−1, 1], real_B_rgb = Lab(real_A, real_B) and fake_B_rgb = Lab(real_A, fake_B).</summary>
    public override IReadOnlyList<(string Name, Tensor Image)> CurrentVisuals()
    {
        var list = new List<(string, Tensor)>();
        if (_pix2pix.RealA is not { } l)
            return list;
        list.Add(("real_A", l));
        if (_pix2pix.RealB is { } realB)
            list.Add(("real_B_rgb", LabToRgb(l, realB)));
        if (_pix2pix.FakeB is { } fakeB)
            list.Add(("fake_B_rgb", LabToRgb(l, fakeB)));
        return list;
    }

    /// <summary>
    /// The reference's <c>lab2rgb</c>: L = (A + 1)·50, ab = B·110, Lab → sRGB in 0..1 (scikit-image's formulas), returned
    /// as [N, 3, H, W] in [−1, 1] so that tensor2im gives the reference's 8-bit rgb·255.
    /// </summary>
    public static Tensor LabToRgb(Tensor l, Tensor ab)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(ab);
        if (l.Rank != 4 || ab.Rank != 4 || l.Dim(1) != 1 || ab.Dim(1) != 2 || l.Dim(0) != ab.Dim(0) || l.Dim(2) != ab.Dim(2) || l.Dim(3) != ab.Dim(3))
            throw new ArgumentException($"Expected L [N, 1, H, W] and ab [N, 2, H, W] of the same size; got {l} and {ab}.", nameof(ab));
        int n = l.Dim(0), h = l.Dim(2), w = l.Dim(3), plane = h * w;
        var result = new float[n * 3 * plane];
        var lab = new float[plane * 3];
        var rgb = new float[plane * 3];
        for (int i = 0; i < n; i++)
        {
            var lp = l.Data.AsSpan(i * plane, plane);
            var abp = ab.Data.AsSpan(i * 2 * plane, 2 * plane);
            for (int p = 0; p < plane; p++)
            {
                lab[3 * p] = (lp[p] + 1f) * 50f;
                lab[3 * p + 1] = abp[p] * 110f;
                lab[3 * p + 2] = abp[plane + p] * 110f;
            }
            LabColor.LabToRgb(lab, rgb);
            var dst = result.AsSpan(i * 3 * plane, 3 * plane);
            for (int p = 0; p < plane; p++)
            {
                for (int c = 0; c < 3; c++)
                    dst[c * plane + p] = rgb[3 * p + c] * 2f - 1f;
            }
        }
        return new Tensor(result, n, 3, h, w);
    }

    /// <summary>The training generator of the inner pix2pix model, whose U-Net draws its dropout masks from it (saved under its old name).</summary>
    protected override void ExportExtraState(StateDict tensors, Dictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        tensors.Add("rng.pix2pix_dropout", new Int64Tensor(_pix2pix.TrainingRng.State.ToWords().Select(w => unchecked((long)w)).ToArray(), 6));
    }

    protected override void LoadExtraState(StateDict tensors, IReadOnlyDictionary<string, string> metadata, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (!tensors.TryGetInt64("rng.pix2pix_dropout", out var words))
            throw new InvalidDataException($"{sourceName} has no 'rng.pix2pix_dropout' entry, so it is not a colorization training state of this version. Start a new run or train without --continue_train.");
        _pix2pix.TrainingRng.State = RngState.FromWords(words.Data.Select(w => unchecked((ulong)w)).ToArray());
    }
}
