using System.Globalization;
using System.Text.RegularExpressions;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Networks;

namespace Pix2Pix.Gan.Inference;

/// <summary>A generator's architecture as the flags <c>--netG --norm --ngf --input_nc --output_nc --no_dropout</c> give it.</summary>
internal sealed record GeneratorArchitecture(string NetG, string Norm, int Ngf, int InputNc, int OutputNc, bool UseDropout, bool DropoutKnown)
{
    /// <summary>The flags that select this architecture, as a user would type them.</summary>
    public string Flags => $"--netG {NetG} --norm {Norm} --ngf {Ngf} --input_nc {InputNc} --output_nc {OutputNc}" + (UseDropout ? "" : " --no_dropout");
}

/// <summary>
/// Infers a generator's architecture from the names and shapes of its state dict (a file with no options.json beside
/// it, such as the authors' released models): unet_128 / unet_256 / resnet_6blocks / resnet_9blocks, ngf, the norm
/// layer, input and output channels. The inference is then checked exactly: the network those flags build must have
/// every name and shape of the file, or the error names the flags to set. A U-Net's dropout has no weights, so it
/// cannot be seen: it stays on (pix2pix's default); a ResNet's shifts its layers' indices, so it is read.
/// </summary>
internal static partial class GeneratorInference
{
    private const string UnetFirst = "model.model.0.weight";
    private const string UnetLast = "model.model.3.weight";

    /// <summary>
    /// The architecture of <paramref name="weights"/> (read from <paramref name="file"/>, named in errors) and the
    /// uninitialised network it builds, whose names and shapes are checked to be exactly the file's. Its dropout layers
    /// draw from <paramref name="dropoutRng"/>. A U-Net's dropout, which its weights cannot show, is
    /// <paramref name="unetDropout"/> when given (from <c>--no_dropout</c>), else on.
    /// </summary>
    public static (GeneratorArchitecture Architecture, Module Network) Infer(StateDict weights, string file, Rng dropoutRng, bool? unetDropout = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        GeneratorArchitecture arch = weights.Names.Any(n => n.Contains(".conv_block.", StringComparison.Ordinal))
            ? InferResnet(weights, file)
            : InferUnet(weights, file);
        if (!arch.DropoutKnown && unetDropout is bool chosen)
            arch = arch with { UseDropout = chosen, DropoutKnown = true };
        Module g = NetworkFactory.DefineG(arch.InputNc, arch.OutputNc, arch.Ngf, arch.NetG, arch.Norm, arch.UseDropout, "normal", 0.02f, null, dropoutRng);
        Check(arch, g, Checkpoint.WithoutOldInstanceNormStatistics(weights, g.StateDict()), file);
        return (arch, g);
    }

    /// <summary>
    /// A BatchNorm layer has running statistics and an affine weight; an InstanceNorm saved by PyTorch &lt; 0.4 has
    /// running statistics only (and today's has nothing).
    /// </summary>
    private static bool HasBatchNorm(StateDict weights) =>
        weights.Names.Any(n => n.EndsWith(".running_mean", StringComparison.Ordinal) && weights.Contains(n[..^".running_mean".Length] + ".weight"));

    private static GeneratorArchitecture InferUnet(StateDict weights, string file)
    {
        if (!weights.Contains(UnetFirst) || !weights.Contains(UnetLast))
            throw Unknown(file, $"it has neither a ResNet's 'model.N.conv_block.*' nor a U-Net's '{UnetFirst}' and '{UnetLast}'");
        int[] first = weights.ShapeOf(UnetFirst), last = weights.ShapeOf(UnetLast);
        // UnetGenerator.model is the outermost block; each block's layers are its `model`, holding the next block:
        // the innermost block's tensors are "model" + ".model.<i>" once per level
        int nesting = weights.Names.Max(n => n.Split('.').Count(part => part == "model")) - 1;
        string netG = nesting switch
        {
            7 => "unet_128",
            8 => "unet_256",
            _ => throw Unknown(file, $"it is a U-Net with {nesting} down-sampling levels; --netG offers unet_128 (7) and unet_256 (8)"),
        };
        string norm = HasBatchNorm(weights) ? "batch" : weights.Contains("model.model.0.bias") ? "instance" : "none";
        return new GeneratorArchitecture(netG, norm, first[0], first[1], last[1], UseDropout: true, DropoutKnown: false);
    }

    private static GeneratorArchitecture InferResnet(StateDict weights, string file)
    {
        var blocks = weights.Names.Select(n => ResnetBlock().Match(n)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order().ToList();
        string netG = blocks.Count switch
        {
            6 => "resnet_6blocks",
            9 => "resnet_9blocks",
            _ => throw Unknown(file, $"it is a ResNet with {blocks.Count} residual blocks; --netG offers resnet_6blocks and resnet_9blocks"),
        };
        if (!weights.Contains("model.1.weight"))
            throw Unknown(file, "it has residual blocks but no first convolution 'model.1.weight'");
        int[] first = weights.ShapeOf("model.1.weight");
        string lastName = $"model.{10 + blocks.Count + 7}.weight";
        if (!weights.Contains(lastName))
            throw Unknown(file, $"it has {blocks.Count} residual blocks but no last convolution '{lastName}'");
        string norm = HasBatchNorm(weights) ? "batch" : weights.Contains("model.1.bias") ? "instance" : "none";
        bool dropout = weights.Names.Any(n => n.EndsWith(".conv_block.6.weight", StringComparison.Ordinal));
        return new GeneratorArchitecture(netG, norm, first[0], first[1], weights.ShapeOf(lastName)[0], dropout, DropoutKnown: true);
    }

    /// <summary>Requires the inferred network to have the same names and shapes as the file.</summary>
    private static void Check(GeneratorArchitecture arch, Module g, StateDict weights, string file)
    {
        var diff = g.StateDict().Compare(weights);
        var missing = diff.Missing.Where(n => !n.EndsWith(".num_batches_tracked", StringComparison.Ordinal)).ToList();
        if (missing.Count > 0 || diff.Unexpected.Count > 0 || diff.Mismatches.Count > 0)
        {
            string first = missing.Count > 0 ? $"the network has '{missing[0]}' that the file lacks"
                : diff.Unexpected.Count > 0 ? $"the file has '{diff.Unexpected[0]}' that the network lacks"
                : $"'{diff.Mismatches[0].Name}' has shape [{string.Join(", ", diff.Mismatches[0].SourceShape)}] in the file but [{string.Join(", ", diff.Mismatches[0].TargetShape)}] in the network";
            throw new InvalidOperationException($"The weights in '{file}' look like {arch.Flags}, but do not fit it exactly ({first}). "
                + "Pass the architecture yourself with --netG --norm --ngf --input_nc --output_nc (and --no_dropout), or use the run folder with its options.json.");
        }
    }

    private static InvalidOperationException Unknown(string file, string why) =>
        new($"Cannot tell the generator architecture of '{file}': {why}. Pass it with --netG --norm --ngf --input_nc --output_nc (and --no_dropout).");

    [GeneratedRegex(@"^model\.(\d+)\.conv_block\.")]
    private static partial Regex ResnetBlock();
}
