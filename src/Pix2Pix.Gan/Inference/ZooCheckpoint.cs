using System.Globalization;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Engine.Checkpoints.Torch;
using Pix2Pix.Gan.Networks.Progressive;

namespace Pix2Pix.Gan.Inference;

/// <summary>
/// A checkpoint written by facebookresearch/pytorch_GAN_zoo (<c>BaseGAN.save</c>, and the files its torch.hub <c>PGAN</c>
/// entry downloads, e.g. celebaHQ16_december_s7_i96000-9c72988c.pth): a dict <c>{'config': BaseConfig, 'netG', 'netD',
/// 'avgG'}</c> of state dicts. Keys are read in both spellings the zoo has used, <c>formatLayer.module.weight</c> and the
/// older <c>formatLayer.weight</c> (its <c>loadStateDictCompatible</c>). The networks' shapes are read from the tensors;
/// alpha, the leaky ReLU slope, pixel norm, the equalized learning rate and the loss (DCGAN/MSE end G in tanh) from the
/// config (the zoo's defaults when a key is missing). Read through our restricted unpickler: nothing in the file runs.
/// </summary>
internal sealed class ZooCheckpoint
{
    private ZooCheckpoint(string file, ProgressiveSpec spec, IReadOnlyList<int> otherDepths, double alpha, IReadOnlyDictionary<string, StateDict> nets)
    {
        File = file;
        Spec = spec;
        OtherDepths = otherDepths;
        Alpha = alpha;
        Networks = nets;
    }

    public string File { get; }

    public ProgressiveSpec Spec { get; }

    /// <summary>The depths of the scales after the first (the config's <c>depthOtherScales</c>).</summary>
    public IReadOnlyList<int> OtherDepths { get; }

    public double Alpha { get; }

    /// <summary>"netG", "netD", "avgG" (those present), with our key spelling.</summary>
    public IReadOnlyDictionary<string, StateDict> Networks { get; }

    public int Side => 4 << OtherDepths.Count;

    public static ZooCheckpoint Load(string file) => TryLoad(file)
        ?? throw new CheckpointException($"Checkpoint '{Path.GetFullPath(file)}' has no 'netG' or 'avgG' state dict, so it is not a pytorch_GAN_zoo checkpoint.");

    /// <summary>
    /// The checkpoint, or null when <paramref name="file"/> is a PyTorch file whose top level has no 'netG'/'avgG' (e.g. a
    /// bare state dict); a damaged or refused file throws.
    /// </summary>
    public static ZooCheckpoint? TryLoad(string file)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        string full = Path.GetFullPath(file);
        TorchCheckpoint raw = ReadRaw(full);
        if (!raw.StateDicts.ContainsKey("netG") && !raw.StateDicts.ContainsKey("avgG"))
            return null;
        var nets = new Dictionary<string, StateDict>(StringComparer.Ordinal);
        foreach (string part in new[] { "netG", "netD", "avgG" })
        {
            if (raw.StateDicts.TryGetValue(part, out var state))
                nets[part] = Normalize(state);
        }
        var g = nets.GetValueOrDefault("avgG") ?? nets.GetValueOrDefault("netG")
            ?? throw new CheckpointException($"Checkpoint '{full}' has no 'netG' or 'avgG' state dict, so it is not a pytorch_GAN_zoo checkpoint "
                + $"(its top level holds: {string.Join(", ", raw.StateDicts.Keys.Concat(raw.Values.Keys))}).");
        raw.Values.TryGetValue("config", out object? config);
        int dimLatent = Shape(g, "formatLayer.module.weight", full)[1];
        int depth0 = Shape(g, "groupScale0.0.module.weight", full)[0];
        int dimOutput = Shape(g, "toRGBLayers.0.module.weight", full)[0];
        var others = new List<int>();
        while (g.Contains($"scaleLayers.{others.Count}.0.module.weight"))
            others.Add(g.ShapeOf($"scaleLayers.{others.Count}.0.module.weight")[0]);
        if (Number(config, "depthOtherScales") is null && Value(config, "depthOtherScales") is PickleList listed
            && !listed.Items.Select(i => i is long l ? (int)l : -1).SequenceEqual(others))
            throw new CheckpointException($"Checkpoint '{full}': its config lists depthOtherScales [{string.Join(", ", listed.Items)}] but its generator has [{string.Join(", ", others)}]; the file is damaged.");
        bool stdDev = nets.TryGetValue("netD", out var d) && d.Contains("groupScaleZero.0.module.weight")
            ? d.ShapeOf("groupScaleZero.0.module.weight")[1] == depth0 + 1
            : Bool(config, "miniBatchStdDev") ?? true;
        string loss = Value(config, "lossCriterion") as string ?? "WGANGP";
        var spec = new ProgressiveSpec(dimLatent, depth0, dimOutput,
            Leak: (float)(Number(config, "leakyReluLeak") ?? 0.2),
            Normalization: Bool(config, "perChannelNormalization") ?? true,
            MiniBatchStdDev: stdDev,
            Equalized: Bool(config, "equalizedlR") ?? true,
            TanhOutput: loss is "DCGAN" or "MSE");
        double alpha = Number(config, "alpha") ?? 0;
        if (alpha is < 0 or > 1)
            throw new CheckpointException($"Checkpoint '{full}' has alpha {alpha.ToString(CultureInfo.InvariantCulture)} in its config; it must be in [0, 1].");
        return new ZooCheckpoint(full, spec, others, alpha, nets);
    }

    /// <summary>The averaged generator (the hub's <c>model.test(noise, getAvG=True)</c>), or netG when the file has none.</summary>
    public ProgressiveGenerator BuildGenerator(bool averaged = true)
    {
        var g = new ProgressiveGenerator(Spec, new Rng(0));
        foreach (int depth in OtherDepths)
            g.AddScale(depth);
        g.Alpha = Alpha;
        var state = (averaged ? Networks.GetValueOrDefault("avgG") : null) ?? Networks["netG"];
        Checkpoint.ThrowIfNonFinite(state, File);
        Checkpoint.LoadInto(state, File, g.StateDict());
        g.SetRequiresGrad(false);
        return g;
    }

    public ProgressiveDiscriminator BuildDiscriminator()
    {
        var state = Networks.GetValueOrDefault("netD") ?? throw new CheckpointException($"Checkpoint '{File}' has no 'netD'.");
        var d = new ProgressiveDiscriminator(Spec, new Rng(0), state.ShapeOf("decisionLayer.module.weight")[0]);
        foreach (int depth in OtherDepths)
            d.AddScale(depth);
        d.Alpha = Alpha;
        Checkpoint.LoadInto(state, File, d.StateDict());
        return d;
    }

    private static TorchCheckpoint ReadRaw(string full)
    {
        using FileStream stream = CheckpointFiles.OpenRead(full);
        return PthReader.ReadCheckpoint(stream, full);
    }

    /// <summary>The zoo's old key spelling (<c>x.weight</c> for <c>x.module.weight</c>) mapped to the current one.</summary>
    private static StateDict Normalize(StateDict state)
    {
        var result = new StateDict();
        foreach (string name in state.Names)
        {
            string key = name;
            if (!name.Contains(".module.", StringComparison.Ordinal))
            {
                int dot = name.LastIndexOf('.');
                if (dot > 0 && name[(dot + 1)..] is "weight" or "bias")
                    key = name[..dot] + ".module." + name[(dot + 1)..];
            }
            if (state.TryGetFloat(name, out var f))
                result.Add(key, f);
            else if (state.TryGetInt64(name, out var i))
                result.Add(key, i);
        }
        return result;
    }

    private static int[] Shape(StateDict state, string name, string file) => state.Contains(name)
        ? state.ShapeOf(name)
        : throw new CheckpointException($"Checkpoint '{file}' has no '{name}' in its generator, so it is not a pytorch_GAN_zoo progressive GAN.");

    private static object? Value(object? config, string key) => config switch
    {
        PickleObject o => o.Get(key),
        PickleDict d => d.Items.FirstOrDefault(kv => kv.Key is string k && k == key).Value,
        _ => null,
    };

    private static double? Number(object? config, string key) => Value(config, key) switch
    {
        double v => v,
        long v => v,
        _ => null,
    };

    private static bool? Bool(object? config, string key) => Value(config, key) as bool?;
}
