using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Gan.Inference;

/// <summary>
/// A generator with its weights loaded and what is known of it: the architecture (from options.json, the flags or the
/// weights), the input sides it accepts, and the direction it translates (null when nothing says, e.g. a bare file
/// without <c>--direction</c>).
/// </summary>
internal sealed record LoadedGenerator(Module Network, GeneratorArchitecture Architecture, SizeRule SizeRule, string? Direction, bool Inferred);

/// <summary>
/// The one way <c>translate</c> and <c>export</c> find a generator: a run folder (weights <c>&lt;epoch&gt;_net_G</c>, or
/// G_A/G_B by direction for CycleGAN runs), a .safetensors or .pth file whose architecture the flags describe (or, when
/// none of <see cref="ArchitectureFlags"/> is given, the weights), or a folder with only <c>&lt;epoch&gt;_net_G</c> weights
/// and no options.json (architecture inferred from the weights).
/// </summary>
internal static class GeneratorLoader
{
    /// <summary>The flags that build a generator: when none is given for a bare file, its architecture is inferred.</summary>
    public static readonly IReadOnlySet<string> ArchitectureFlags = new HashSet<string>(StringComparer.Ordinal) { "netG", "norm", "ngf", "input_nc", "output_nc" };

    /// <summary>
    /// Loads a generator in training mode (call <c>Eval()</c> for inference). <paramref name="givenFlags"/> are the flags
    /// the user typed: only those override a run folder's options, and their absence lets a bare file's weights decide.
    /// </summary>
    public static LoadedGenerator Load(string checkpoint, string epoch, BaseOptions flags, ISet<string> givenFlags)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpoint);
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(givenFlags);
        string? givenDirection = givenFlags.Contains("direction") ? flags.Direction : null;
        if (Directory.Exists(checkpoint))
        {
            var run = new RunFolder(checkpoint);
            if (!File.Exists(run.OptionsJson))
            {
                // the authors' download layout: <name>_pretrained/latest_net_G.pth, no options
                string weights = run.FindNetworkFile(epoch, "G")
                    ?? throw new FileNotFoundException($"{checkpoint} is a folder without options.json and without {epoch}_net_G.pth or {epoch}_net_G.safetensors, so it holds no generator. "
                        + "Pass a run folder (checkpoints/<name>), a folder from 'pix2pix models download', or a weights file.", run.OptionsJson);
                return Inferring(weights, flags, givenFlags, givenDirection);
            }
            var options = new TrainOptions();
            run.LoadOptions(options);
            if (givenFlags.Contains("no_dropout"))
                options.NoDropout = flags.NoDropout;
            var slot = ModelRegistry.Get(options.Model).GeneratorFor(flags.Direction);   // a CycleGAN's G_A or G_B
            string file = run.FindNetworkFile(epoch, slot.Name)
                ?? throw new FileNotFoundException($"{checkpoint} has no {Path.GetFileName(run.NetworkFile(epoch, slot.Name))}; choose an existing checkpoint with --epoch (e.g. latest or an epoch number).", run.NetworkFile(epoch, slot.Name));
            return Building(file, options, slot, flags.Seed, slot.Direction ?? options.Direction, fromFlags: false);
        }
        if (File.Exists(checkpoint))
        {
            return givenFlags.Overlaps(ArchitectureFlags)
                ? Building(checkpoint, flags, NetworkSlot.Generator("G"), flags.Seed, givenDirection, fromFlags: true)
                : Inferring(checkpoint, flags, givenFlags, givenDirection);
        }
        throw new FileNotFoundException($"Checkpoint {checkpoint} does not exist: pass a run folder (checkpoints/<name>) or a .safetensors or .pth file.", checkpoint);
    }

    /// <summary>A generator built from options (a run's, or the flags for a bare file), then loaded from <paramref name="file"/>.</summary>
    private static LoadedGenerator Building(string file, BaseOptions arch, NetworkSlot slot, int seed, string? direction, bool fromFlags)
    {
        int inputNc = slot.InputChannels(arch), outputNc = slot.OutputChannels(arch);   // a CycleGAN's G_B maps output_nc to input_nc
        var g = NetworkFactory.DefineG(inputNc, outputNc, arch.Ngf, arch.NetG, arch.Norm, !arch.NoDropout, arch.InitType, arch.InitGain, null, new Rng((ulong)seed));
        try
        {
            Checkpoint.LoadInto(file, g.StateDict());
        }
        catch (CheckpointException ex) when (fromFlags)
        {
            throw new CheckpointException($"{ex.Message} The architecture comes from the flags (--netG {arch.NetG} --norm {arch.Norm} --ngf {arch.Ngf} --input_nc {arch.InputNc} --output_nc {arch.OutputNc}); set them to match the file.", ex);
        }
        var architecture = new GeneratorArchitecture(arch.NetG, arch.Norm, arch.Ngf, inputNc, outputNc, !arch.NoDropout, DropoutKnown: true);
        return new LoadedGenerator(g, architecture, NetworkRegistry.Generator(arch.NetG).SizeRule, direction, Inferred: false);
    }

    /// <summary>A generator whose architecture comes from its weights (a U-Net's dropout from --no_dropout, as it cannot be seen).</summary>
    private static LoadedGenerator Inferring(string file, BaseOptions flags, ISet<string> givenFlags, string? direction)
    {
        string full = Path.GetFullPath(file);
        StateDict weights = Checkpoint.Read(full).Tensors;
        bool? dropout = givenFlags.Contains("no_dropout") ? !flags.NoDropout : null;
        (GeneratorArchitecture arch, Module g) = GeneratorInference.Infer(weights, full, new Rng((ulong)flags.Seed), dropout);
        Checkpoint.LoadInto(weights, full, g.StateDict());
        return new LoadedGenerator(g, arch, NetworkRegistry.Generator(arch.NetG).SizeRule, direction, Inferred: true);
    }
}
