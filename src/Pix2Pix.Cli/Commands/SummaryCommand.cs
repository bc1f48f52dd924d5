using System.CommandLine;
using System.Globalization;
using Pix2Pix.Gan.Benchmarking;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Cli.Commands;

/// <summary>
/// <c>pix2pix summary</c>: the generator's and discriminator's layers (PyTorch names, types, output shapes, parameters),
/// parameter totals, forward GFLOPs at --crop_size, and the discriminator's receptive field and output patch grid.
/// </summary>
internal static class SummaryCommand
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal)
    {
        "model", "netG", "netD", "n_layers_D", "norm", "ngf", "ndf", "input_nc", "output_nc", "no_dropout", "crop_size", "batch_size",
    };

    /// <param name="model">The <c>--model</c> on the command line, if any: help shows its defaults.</param>
    public static Command Create(string? model = null)
    {
        var command = new Command("summary", "Print the layers of G and D (name, type, output shape, parameters), their parameter totals, " +
            "forward GFLOPs at --crop_size, and D's receptive field and patch grid. Defaults follow --model (pix2pix: unet_256, batch norm). Nothing is trained or loaded.");
        var binder = new OptionBinder(command, BaseOptions.BaseSpecs.Where(s => Flags.Contains(s.Flag)).ToList(), CliDefaults.For(model, DefaultModel));
        command.SetAction(parse =>
        {
            var options = new TrainOptions { Model = DefaultModel };
            var given = binder.Bind(parse, options);
            options.ApplyModelDefaults(given);
            Write(options, parse.InvocationConfiguration.Output);
            return 0;
        });
        return command;
    }

    /// <summary>Writes the summary of the networks <paramref name="options"/> describe.</summary>
    public static void Write(BaseOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        if (options.BatchSize < 1 || options.CropSize < 1 || options.Ngf < 1 || options.Ndf < 1 || options.InputNc < 1 || options.OutputNc < 1)
            throw new ArgumentException("--batch_size, --crop_size, --ngf, --ndf, --input_nc and --output_nc must be positive.");
        var built = options is TrainOptions train ? ModelFactory.Create(train, 0) : null;
        if (built is LatentGanModel latent)
        {
            WriteLatent((TrainOptions)options, latent, output);
            return;
        }
        if (built is ProganModel progan)
        {
            WriteProgan(progan, output);
            return;
        }
        if (options is TrainOptions forClassifier && ModelFactory.Create(forClassifier, 0) is ClassifierModel classifier)
        {
            WriteNetwork(output, "Classifier C: the MNIST digit classifier of pix2pix quality (docs/quality.md)",
                LatentProfile.Profile(classifier.Net, [1, 1, MnistClassifier.Side, MnistClassifier.Side]));
            return;
        }
        NetworkRegistry.Generator(options.NetG).SizeRule.CheckCropSize(options.CropSize, "--netG " + options.NetG);
        var model = ModelRegistry.Get(options.Model);
        int n = options.BatchSize, size = options.CropSize;
        var netG = NetworkFactory.DefineG(options.InputNc, options.OutputNc, options.Ngf, options.NetG, options.Norm, !options.NoDropout,
            options.InitType, options.InitGain, initRng: null, dropoutRng: null);
        var g = ShapeWalk.Profile(netG, [n, options.InputNc, size, size]);
        WriteNetwork(output, $"Generator G: --netG {options.NetG} --norm {options.Norm} --ngf {options.Ngf}", g);
        if (model.Discriminators.FirstOrDefault() is not { } slotD)
            return;
        int dInput = slotD.InputChannels(options);
        var netD = NetworkFactory.DefineD(dInput, options.Ndf, options.NetD, options.NLayersD, options.Norm, options.InitType, options.InitGain, initRng: null);
        var d = ShapeWalk.Profile(netD, [n, dInput, size, size]);
        output.WriteLine();
        string layers = NetworkRegistry.Discriminator(options.NetD).Reads.Contains("n_layers_D") ? $" --n_layers_D {options.NLayersD}" : "";
        WriteNetwork(output, $"Discriminator D: --netD {options.NetD}{layers} --norm {options.Norm} --ndf {options.Ndf}, on {dInput} channels" +
            $" ({slotD.InputChannelsText})", d);
        if (d.ReceptiveField is int field)
            output.WriteLine(Invariant($"Receptive field: {field}x{field} pixels per output logit"));
        output.WriteLine(Invariant($"Output patch grid: {d.OutputShape[2]}x{d.OutputShape[3]} logits at {size}x{size}"));
        if (model.Networks.Count > 2)
            output.WriteLine($"({model.Name} has {NumberWord(model.Generators.Count())} of each: {string.Join(", ", model.Networks.Select(s => s.Name))}.)");
    }

    /// <summary>progan: the networks at every scale of its schedule (parameters of G and D as they stand at that scale).</summary>
    private static void WriteProgan(ProganModel model, TextWriter output)
    {
        output.WriteLine(Invariant($"progan (pytorch_GAN_zoo's progressive GAN): z {model.ZDim}, {model.Schedule.Scales} scales, 4x4 to {4 << (model.Schedule.Scales - 1)}x{4 << (model.Schedule.Scales - 1)}"));
        output.WriteLine($"{"scale",5} {"side",9} {"depth",6} {"iterations",11} {"G params",12} {"D params",12}");
        for (int s = 0; s < model.Schedule.Scales; s++)
        {
            if (s > 0)
                model.AddScale();
            int side = 4 << s;
            output.WriteLine(Invariant($"{s,5} {side + "x" + side,9} {model.Schedule.Depths[s],6} {model.Schedule.MaxIterAtScale[s],11:N0} {model.NetG.ParameterCount(),12:N0} {model.NetD!.ParameterCount(),12:N0}"));
        }
    }

    /// <summary>A noise model (gan, cgan, dcgan): G on z (with the one-hot label for cgan), D on one image.</summary>
    private static void WriteLatent(TrainOptions options, LatentGanModel model, TextWriter output)
    {
        int labels = model.Conditional ? ConditionalFcGan.Classes : 0;
        var g = LatentProfile.Profile((LatentNet)model.NetG, [1, model.ZDim + labels]);
        WriteNetwork(output, $"Generator G: --netG {options.NetG}, z_dim {model.ZDim}" + (labels > 0 ? " + a one-hot label of 10" : ""), g);
        int side = g.OutputShape[^1];
        int[] dInput = model.Conditional ? [1, g.OutputShape.Skip(1).Aggregate(1, (a, b) => a * b) + labels] : [1, options.InputNc, side, side];
        var d = LatentProfile.Profile((LatentNet)model.NetD!, dInput);
        output.WriteLine();
        WriteNetwork(output, $"Discriminator D: --netD {options.NetD}" + (labels > 0 ? ", on the flattened image + a one-hot label of 10" : ""), d);
    }

    private static void WriteNetwork(TextWriter output, string title, NetworkProfile profile)
    {
        output.WriteLine($"{title}; input [{string.Join(", ", profile.InputShape)}]");
        int nameWidth = Math.Max("Layer".Length, profile.Layers.Max(l => l.Name.Length)) + 2;
        int typeWidth = Math.Max("Type".Length, profile.Layers.Max(l => l.Type.Length)) + 2;
        int shapeWidth = Math.Max("Output shape".Length, profile.Layers.Max(l => l.ShapeText.Length)) + 2;
        output.WriteLine($"{"Layer".PadRight(nameWidth)}{"Type".PadRight(typeWidth)}{"Output shape".PadRight(shapeWidth)}{"Param #",12}");
        output.WriteLine(new string('-', nameWidth + typeWidth + shapeWidth + 12));
        foreach (var layer in profile.Layers)
            output.WriteLine($"{layer.Name.PadRight(nameWidth)}{layer.Type.PadRight(typeWidth)}{layer.ShapeText.PadRight(shapeWidth)}{Invariant($"{layer.Parameters:N0}"),12}");
        output.WriteLine(new string('-', nameWidth + typeWidth + shapeWidth + 12));
        output.WriteLine(Invariant($"Total parameters: {profile.ParameterCount:N0}"));
        output.WriteLine(Invariant($"Output: [{string.Join(", ", profile.OutputShape)}]"));
        output.WriteLine(Invariant($"Forward: {profile.ForwardGflops:F2} GFLOPs (convolutions, 2 per multiply-add)"));
    }

    /// <summary>The model summarised when no --model is given.</summary>
    private static string DefaultModel => Pix2PixModel.Descriptor.Name;

    private static string NumberWord(int n) => n switch { 2 => "two", 3 => "three", 4 => "four", _ => n.ToString(CultureInfo.InvariantCulture) };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
