using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Inference;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Gan.Export.Onnx;

/// <summary>A network ready for <see cref="OnnxExporter"/>: the module and what the file says about it.</summary>
internal sealed record OnnxExportable(Module Network, OnnxExportOptions Options)
{
    public void Save(string path) => OnnxExporter.Save(Network, Options, path);

    /// <summary>How many Dropout layers the network has (with --dropout, each makes the output random).</summary>
    public int DropoutLayers => Network.NamedModules().Count(m => m.Module is Dropout);
}

/// <summary>Our generators and discriminators as ONNX exports, with the metadata a user of the file needs.</summary>
internal static class OnnxNetworks
{
    public const string ValueRange = "[-1, 1]";

    /// <summary>A loaded generator (<see cref="GeneratorLoader.Load"/>), in evaluation mode unless <paramref name="keepDropout"/>.</summary>
    public static OnnxExportable Generator(LoadedGenerator generator, bool keepDropout)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var arch = generator.Architecture;
        return new OnnxExportable(generator.Network, new OnnxExportOptions
        {
            InputChannels = arch.InputNc,
            OutputChannels = arch.OutputNc,
            KeepDropout = keepDropout,
            GraphName = $"G {arch.NetG}",
            Metadata =
            [
                OnnxExporter.Entry("net", "G"),
                OnnxExporter.Entry("netG", arch.NetG),
                OnnxExporter.Entry("norm", arch.Norm),
                OnnxExporter.Entry("ngf", arch.Ngf),
                OnnxExporter.Entry("input_nc", arch.InputNc),
                OnnxExporter.Entry("output_nc", arch.OutputNc),
                OnnxExporter.Entry("direction", generator.Direction ?? "unknown"),
                OnnxExporter.Entry("value_range", ValueRange),
                OnnxExporter.Entry("size_multiple", generator.SizeRule.Multiple),
                OnnxExporter.Entry("size_minimum", generator.SizeRule.Minimum),
                OnnxExporter.Entry("dropout", keepDropout ? "on (random output)" : "off (eval)"),
            ],
        });
    }

    /// <summary>
    /// The discriminator <paramref name="name"/> (D, or D_A / D_B of a CycleGAN run) of a run folder, whose options.json
    /// says how it was built; its output is one logit per patch.
    /// </summary>
    public static OnnxExportable Discriminator(string runFolder, string epoch, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(runFolder);
        var run = new RunFolder(runFolder);
        if (!Directory.Exists(runFolder) || !File.Exists(run.OptionsJson))
            throw new FileNotFoundException($"--net {name} needs a run folder written by 'pix2pix train' (checkpoints/<name> with options.json), which says how the discriminator was built; {runFolder} is not one.", run.OptionsJson);
        var options = new TrainOptions();
        run.LoadOptions(options);
        var slots = ModelRegistry.Get(options.Model).Discriminators.ToList();
        var slot = slots.FirstOrDefault(s => s.Name == name)
            ?? throw new ArgumentException(slots.Count == 0
                ? $"A {options.Model} run has no discriminator; export its generator with --net G."
                : $"A {options.Model} run has no network '{name}'; its discriminators are {string.Join(", ", slots.Select(s => s.Name))} (pass one with --net).");
        string file = run.FindNetworkFile(epoch, slot.Name)
            ?? throw new FileNotFoundException($"{runFolder} has no {Path.GetFileName(run.NetworkFile(epoch, slot.Name))}; choose an existing checkpoint with --epoch (e.g. latest or an epoch number).", run.NetworkFile(epoch, slot.Name));
        int inputNc = slot.InputChannels(options);
        var d = NetworkFactory.DefineD(inputNc, options.Ndf, options.NetD, options.NLayersD, options.Norm, options.InitType, options.InitGain, null);
        Checkpoint.LoadInto(file, d.StateDict());
        return new OnnxExportable(d, ForDiscriminator(options.NetD, options.Norm, options.Ndf, options.NLayersD, inputNc, options.Direction, slot.Name));
    }

    /// <summary>The export options of a discriminator: its output is a grid of patch logits of its own size.</summary>
    public static OnnxExportOptions ForDiscriminator(string netD, string norm, int ndf, int nLayersD, int inputNc, string? direction, string name = "D") => new()
    {
        InputChannels = inputNc,
        OutputChannels = 1,
        OutputKeepsSize = false,
        GraphName = $"{name} {netD}",
        Metadata =
        [
            OnnxExporter.Entry("net", name),
            OnnxExporter.Entry("netD", netD),
            OnnxExporter.Entry("norm", norm),
            OnnxExporter.Entry("ndf", ndf),
            OnnxExporter.Entry("n_layers_D", nLayersD),
            OnnxExporter.Entry("input_nc", inputNc),
            OnnxExporter.Entry("output_nc", 1),
            OnnxExporter.Entry("direction", direction ?? "unknown"),
            OnnxExporter.Entry("value_range", ValueRange),
            OnnxExporter.Entry("output", "one logit per patch (no sigmoid)"),
            OnnxExporter.Entry("size_multiple", SizeRule.Any.Multiple),
        ],
    };
}
