using System.CommandLine;
using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Inference;
using Pix2Pix.Gan.Options;
using Pix2Pix.Imaging;

namespace Pix2Pix.Cli.Commands;

/// <summary><c>pix2pix translate --checkpoint C --input I --output O</c>: run a trained generator on files or folders.</summary>
public static class TranslateCommand
{
    private static readonly HashSet<string> ArchitectureFlags = new(StringComparer.Ordinal)
    {
        "netG", "norm", "ngf", "input_nc", "output_nc", "no_dropout", "init_type", "init_gain", "direction", "num_threads", "seed",
    };

    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A run folder (checkpoints/<name>: architecture from its options.json), a folder with only <epoch>_net_G.pth (the authors' models), or a .safetensors / .pth generator file (architecture from --netG --norm --ngf --input_nc --output_nc --no_dropout; inferred from the weights when none of these is given).", Required = true };
        var input = new Option<string>("--input") { Description = "An image file or a folder of images (searched recursively).", Required = true };
        var output = new Option<string>("--output") { Description = "The output .png for one file, or a folder (relative paths kept, extension .png).", Required = true };
        var epoch = new Option<string>("--epoch") { Description = "Which checkpoint of a run folder: latest, or an epoch number, or iter_<n>.", DefaultValueFactory = _ => "latest" };
        var eval = new Option<bool>("--eval") { Description = "Eval mode: BatchNorm running statistics and no dropout. Without it the generator runs as the reference's test.py does by default (batch statistics, dropout on)." };
        var resize = new Option<string?>("--resize") { Description = "Resize inputs to WIDTHxHEIGHT (bicubic) first; needed when a side is not a multiple the generator accepts (256 for unet_256, 128 for unet_128, 4 for resnets).", HelpName = "WIDTHxHEIGHT" };
        var command = new Command("translate", "Translate images with a trained generator, keeping each input's size (sides must suit the generator; see --resize).")
        {
            checkpoint, input, output, epoch, eval, resize,
        };
        var defaults = new TrainOptions { Model = "pix2pix" };
        defaults.ApplyModelDefaults(new HashSet<string>());
        var binder = new OptionBinder(command, BaseOptions.BaseSpecs.Where(s => ArchitectureFlags.Contains(s.Flag)).ToList(), defaults);
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var flags = new TrainOptions { Model = "pix2pix" };
            flags.ApplyModelDefaults(new HashSet<string>());
            var given = binder.Bind(parse, flags);
            using var degree = Pix2Pix.Engine.Parallelism.WithDegree(flags.NumThreads);
            var translator = Translator.Load(parse.GetRequiredValue(checkpoint), parse.GetValue(epoch) ?? "latest", flags, given, parse.GetValue(eval));
            if (translator.Inferred is { } inferred)
                stdout.WriteLine($"architecture inferred from the weights: {inferred.Flags}"
                    + (inferred.DropoutKnown ? "" : " (a U-Net's dropout does not show in its weights: on, as pix2pix trains it; --no_dropout turns it off)"));
            var size = ConvertCommand.ParseSize(parse.GetValue(resize));
            string inPath = parse.GetRequiredValue(input), outPath = parse.GetRequiredValue(output);
            var jobs = Plan(inPath, outPath);
            foreach (var (source, target) in jobs)
            {
                var image = ImageCodecs.Load(source);
                var result = translator.Translate(image, source, size);
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
                ImageCodecs.SavePng(result, target);
                stdout.WriteLine($"{source} -> {target}");
            }
            stdout.WriteLine($"translated {jobs.Count} image(s)");
            return 0;
        });
        return command;
    }

    private static List<(string Source, string Target)> Plan(string input, string output)
    {
        if (File.Exists(input))
        {
            string target = Directory.Exists(output) || output.EndsWith('/') || output.EndsWith('\\')
                ? Path.Combine(output, Path.GetFileNameWithoutExtension(input) + ".png")
                : output;
            return [(input, target)];
        }
        if (!Directory.Exists(input))
            throw new FileNotFoundException($"--input {input} is neither an image file nor a folder.", input);
        var files = ImageFolder.Scan(input);
        if (files.Count == 0)
            throw new ArgumentException($"--input {input} holds no images ({ImageFolder.ExtensionList}).");
        return files.Select(f => (f, Path.Combine(output, Path.ChangeExtension(Path.GetRelativePath(input, f), ".png")))).ToList();
    }
}
