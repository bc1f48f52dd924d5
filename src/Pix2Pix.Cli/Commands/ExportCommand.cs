using System.CommandLine;
using Pix2Pix.Gan.Export.Onnx;
using Pix2Pix.Gan.Inference;
using Pix2Pix.Gan.Interop;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Cli.Commands;

/// <summary>
/// <c>pix2pix export --checkpoint RUN_OR_FILE --format pth --output DIR_OR_FILE</c>: our weights for PyTorch;
/// <c>--format onnx --output G.onnx</c>: a generator (or with <c>--net D</c> a discriminator) as an ONNX model.
/// </summary>
internal static class ExportCommand
{
    private static readonly string[] Formats = ["pth", "onnx"];

    /// <summary>The generator flags of <c>translate</c>, read by <c>--format onnx</c> only.</summary>
    private static readonly HashSet<string> GeneratorFlags = new(StringComparer.Ordinal)
    {
        "netG", "norm", "ngf", "input_nc", "output_nc", "no_dropout", "direction",
    };

    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A run folder (checkpoints/<name>) or one weights file (.safetensors or .pth); for onnx also a folder with only <epoch>_net_G.pth (the authors' models).", Required = true };
        var format = new Option<string>("--format") { Description = "pth: PyTorch state dicts that torch.load(path, weights_only=True) reads; a run folder becomes the reference's layout (train_opt.txt, <label>_net_<name>.pth, loss_log.txt). onnx: one network as an ONNX model (opset 17; input 'input' (N, C, H, W) in [-1, 1], output 'output'; batch, height and width dynamic).", DefaultValueFactory = _ => "pth" };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<string>("--output") { Description = "pth: for a run folder, the folder to create (e.g. the reference's checkpoints/<name>); for a file, the .pth to write, or an existing folder. onnx: the .onnx file to write, or an existing folder to write <net>.onnx in.", Required = true };
        var net = new Option<string>("--net") { Description = "onnx: which network, G (the generator; a CycleGAN's G_A or G_B by --direction) or a discriminator of a run folder (D, or D_A / D_B).", DefaultValueFactory = _ => "G" };
        var epoch = new Option<string>("--epoch") { Description = "onnx: which checkpoint of a run folder: latest, an epoch number, or iter_<n>.", DefaultValueFactory = _ => "latest" };
        var dropout = new Option<bool>("--dropout") { Description = "onnx: keep pix2pix's test-time dropout (ONNX Dropout with training_mode = true); the output is then random. Default: evaluation mode (BatchNorm running statistics, no dropout)." };
        var command = new Command("export", "Export weights for PyTorch (a run folder that the reference's train.py --continue_train and test.py load, or a single .pth file), or a network as an ONNX model.")
        {
            checkpoint, format, output, net, epoch, dropout,
        };
        var defaults = new TrainOptions { Model = "pix2pix" };
        defaults.ApplyModelDefaults(new HashSet<string>());
        var binder = new OptionBinder(command, BaseOptions.BaseSpecs.Where(s => GeneratorFlags.Contains(s.Flag)).ToList(), defaults);
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var flags = new TrainOptions { Model = "pix2pix" };
            flags.ApplyModelDefaults(new HashSet<string>());
            var given = binder.Bind(parse, flags);
            var onnxOnly = given.Select(f => "--" + f).ToList();
            if (parse.GetResult(net) is { Implicit: false }) onnxOnly.Add("--net");
            if (parse.GetResult(epoch) is { Implicit: false }) onnxOnly.Add("--epoch");
            if (parse.GetValue(dropout)) onnxOnly.Add("--dropout");
            string source = parse.GetRequiredValue(checkpoint), target = parse.GetRequiredValue(output);
            if (parse.GetValue(format) == "onnx")
                return ExportOnnx(stdout, source, target, parse.GetValue(net) ?? "G", parse.GetValue(epoch) ?? "latest", parse.GetValue(dropout), flags, given);
            if (onnxOnly.Count > 0)
                throw new ArgumentException($"{string.Join(" ", onnxOnly)} {(onnxOnly.Count == 1 ? "applies" : "apply")} only to --format onnx; --format pth exports every network's weights as they are (add --format onnx, or leave those flags out).");
            var written = ReferenceRun.Export(source, target);
            foreach (string file in written)
                stdout.WriteLine(file);
            stdout.WriteLine($"exported {written.Count} file(s)");
            return 0;
        });
        return command;
    }

    private static int ExportOnnx(TextWriter stdout, string checkpoint, string output, string net, string epoch, bool dropout, TrainOptions flags, HashSet<string> given)
    {
        OnnxExportable exportable;
        if (net.StartsWith('D'))
        {
            var generatorOnly = given.Select(f => "--" + f).Concat(dropout ? ["--dropout"] : []).ToList();
            if (generatorOnly.Count > 0)
                throw new ArgumentException($"--net {net} exports the discriminator as its run folder's options.json describes it; leave out the generator flags {string.Join(" ", generatorOnly)}.");
            exportable = OnnxNetworks.Discriminator(checkpoint, epoch, net);
        }
        else if (net is "G" or "G_A" or "G_B")
        {
            if (net != "G")
            {
                flags.Direction = net == "G_A" ? "AtoB" : "BtoA";   // a CycleGAN's generators by name
                given.Add("direction");
            }
            var generator = GeneratorLoader.Load(checkpoint, epoch, flags, given);
            if (generator.Inferred)
                stdout.WriteLine($"architecture inferred from the weights: {generator.Architecture.Flags}");
            exportable = OnnxNetworks.Generator(generator, dropout);
        }
        else
        {
            throw new ArgumentException($"--net {net} is not a network name; use G (the generator), or D (D_A, D_B for CycleGAN) for a discriminator of a run folder.");
        }
        if (Directory.Exists(output))
            output = Path.Combine(output, net + ".onnx");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(output));
        if (folder is not null)
            Directory.CreateDirectory(folder);
        exportable.Save(output);
        stdout.WriteLine(output);
        var o = exportable.Options;
        stdout.WriteLine($"exported {exportable.Options.GraphName} to ONNX (opset {OnnxExporter.Opset}): input 'input' [N, {o.InputChannels}, H, W] in {OnnxNetworks.ValueRange}, output 'output' [N, {o.OutputChannels}, {(o.OutputKeepsSize ? "H, W" : "h, w")}]"
            + (o.OutputKeepsSize ? $"; H and W must be {SizeRequirement(o)}" : ""));
        if (dropout)
            stdout.WriteLine(exportable.DropoutLayers > 0
                ? $"dropout kept ({exportable.DropoutLayers} layer(s), training_mode = true): the output is random, a different image on every run (pix2pix's test-time noise; BatchNorm keeps its running statistics). "
                    + "ONNX Runtime's graph optimizer removes Dropout nodes unless told not to: disable its EliminateDropout rule (Python: InferenceSession(path, disabled_optimizers=[\"EliminateDropout\"]); C#: SessionOptions.AddSessionConfigEntry(\"optimization.disable_specified_optimizers\", \"EliminateDropout\"))"
                : "--dropout changes nothing: this generator has no dropout layers (trained with --no_dropout), so its output is not random");
        else
            stdout.WriteLine("evaluation mode: BatchNorm uses its running statistics and dropout is off, so the output is deterministic"
                + (o.OutputKeepsSize ? " (--dropout keeps pix2pix's test-time noise)" : ""));
        return 0;
    }

    /// <summary>"multiples of 4, at least 8" from the export's size metadata.</summary>
    private static string SizeRequirement(OnnxExportOptions o)
    {
        string multiple = o.Metadata.First(m => m.Key == "size_multiple").Value;
        string? minimum = o.Metadata.FirstOrDefault(m => m.Key == "size_minimum").Value;
        return minimum is null || minimum == multiple ? $"multiples of {multiple}" : $"multiples of {multiple}, at least {minimum}";
    }
}
