using System.CommandLine;
using Pix2Pix.Gan;
using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Data.Tools;
using Pix2Pix.Gan.Inference;
using Pix2Pix.Gan.Options;
using Pix2Pix.Imaging;

namespace Pix2Pix.Cli.Commands;

/// <summary><c>pix2pix translate --checkpoint C --input I --output O</c>: run a trained generator on files or folders.</summary>
internal static class TranslateCommand
{
    private const int MaxBatchSize = 256;

    private static readonly HashSet<string> ArchitectureFlags = new(StringComparer.Ordinal)
    {
        "netG", "norm", "ngf", "input_nc", "output_nc", "no_dropout", "init_type", "init_gain", "direction", "num_threads", "seed",
    };

    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A run folder (checkpoints/<name>: architecture from its options.json), a folder with only <epoch>_net_G.pth (the authors' models), or a .safetensors / .pth generator file (architecture from --netG --norm --ngf --input_nc --output_nc --no_dropout; inferred from the weights when none of these is given).", Required = true };
        var input = new Option<string>("--input") { Description = "An image file or a folder of images (searched recursively).", Required = true };
        var output = new Option<string>("--output") { Description = "For one file: the file to write (.png, .jpg, .jpeg or .bmp; the extension picks the format) or a folder. For a folder: the output folder (relative paths kept, extension from --format). Inputs are never overwritten.", Required = true };
        var epoch = new Option<string>("--epoch") { Description = "Which checkpoint of a run folder: latest, or an epoch number, or iter_<n>.", DefaultValueFactory = _ => "latest" };
        var eval = new Option<bool>("--eval") { Description = "Eval mode: BatchNorm running statistics and no dropout. Without it the generator runs as the reference's test.py does by default (batch statistics, dropout on)." };
        var resize = new Option<string?>("--resize") { Description = "Resize inputs to WIDTHxHEIGHT (bicubic) first; results keep that size.", HelpName = "WIDTHxHEIGHT" };
        resize.Validators.Add(SaveFlags.ValidateSize);
        var fit = new Option<string>("--fit") { Description = "An image whose sides the generator does not accept (multiples of 256 for unet_256, 128 for unet_128, 4 for resnets): exact refuses it; resize scales it (bicubic) to the nearest accepted size and the result back; pad reflect-pads it to the next accepted size and crops the result back. Results keep the input's size.", DefaultValueFactory = _ => "exact" };
        fit.AcceptOnlyFromAmong("exact", "resize", "pad");
        var batchSize = new Option<int>("--batch_size") { Description = $"Images of one size translated together in one forward pass (1–{MaxBatchSize}). Needs --eval when the generator uses batch normalization.", DefaultValueFactory = _ => 1 };
        batchSize.Validators.Add(r =>
        {
            int value = r.GetValueOrDefault<int>();
            if (value is < 1 or > MaxBatchSize)
                r.AddError($"--batch_size {value} is out of range; give 1 to {MaxBatchSize} (e.g. --batch_size 4).");
        });
        var format = SaveFlags.Format();
        var quality = SaveFlags.Quality();
        var verbose = new Option<bool>("--verbose") { Description = "Print one line per file." };
        var command = new Command("translate", "Translate images with a trained generator, keeping each input's size (see --fit for sides the generator does not accept).")
        {
            checkpoint, input, output, epoch, eval, resize, fit, batchSize, format, quality, verbose,
        };
        var defaults = new TrainOptions { Model = "pix2pix" };
        defaults.ApplyModelDefaults(new HashSet<string>());
        var binder = new OptionBinder(command, BaseOptions.BaseSpecs.Where(s => ArchitectureFlags.Contains(s.Flag)).ToList(), defaults);
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var flags = new TrainOptions { Model = "pix2pix" };
            flags.ApplyModelDefaults(new HashSet<string>());
            var given = binder.Bind(parse, flags);
            var settings = new TranslateSettings(
                ConvertCommand.ParseSize(parse.GetValue(resize)),
                Enum.Parse<FitMode>(parse.GetValue(fit) ?? "exact", ignoreCase: true),
                parse.GetValue(batchSize),
                new ImageSaveOptions { Quality = parse.GetValue(quality) },
                parse.GetValue(verbose));
            var jobs = Plan(parse.GetRequiredValue(input), parse.GetRequiredValue(output), SaveFlags.ParseFormat(parse.GetValue(format)));

            using var degree = Pix2Pix.Engine.Parallelism.WithDegree(flags.NumThreads);
            var translator = Translator.Load(parse.GetRequiredValue(checkpoint), parse.GetValue(epoch) ?? "latest", flags, given, parse.GetValue(eval));
            if (translator.Inferred is { } inferred)
                stdout.WriteLine($"architecture inferred from the weights: {inferred.Flags}"
                    + (inferred.DropoutKnown ? "" : " (a U-Net's dropout does not show in its weights: on, as pix2pix trains it; --no_dropout turns it off)"));
            if (settings.BatchSize > 1 && translator.BatchStatisticsMixImages)
                throw new ArgumentException($"--batch_size {settings.BatchSize} without --eval would normalize the images of a batch together (this generator uses batch normalization with batch statistics), so results would depend on their neighbours; add --eval or use --batch_size 1.");

            return new TranslateRun(translator, jobs, settings, stdout, stderr).Execute();
        });
        return command;
    }

    /// <summary>The (source, target) pairs, checked before anything is loaded or written.</summary>
    private static List<(string Source, string Target)> Plan(string input, string output, ImageFormat folderFormat)
    {
        var jobs = File.Exists(input) ? [(input, FileTarget(input, output, folderFormat))] : PlanFolder(input, output, folderFormat);
        OutputPaths.RefuseOverwritingInputs(jobs);
        return jobs;
    }

    /// <summary>One file's output: <paramref name="output"/> itself (its extension picks the format), or a file in that folder.</summary>
    private static string FileTarget(string input, string output, ImageFormat folderFormat)
    {
        if (Directory.Exists(output) || Path.EndsInDirectorySeparator(output) || !Path.HasExtension(output))
            return Path.Join(output, Path.GetFileNameWithoutExtension(input) + OutputPaths.Extension(folderFormat));
        ImageCodecs.FormatForExtension(output);   // an unknown extension is an error naming the choices
        return output;
    }

    /// <summary>Every image under <paramref name="input"/> → the same relative path under <paramref name="output"/>.</summary>
    private static List<(string Source, string Target)> PlanFolder(string input, string output, ImageFormat folderFormat)
    {
        if (!Directory.Exists(input))
            throw new FileNotFoundException($"--input {input} is neither an image file nor a folder.", input);
        if (File.Exists(output))
            throw new ArgumentException($"--output {output} is a file, but --input {input} is a folder; give an output folder.");
        if (OutputPaths.Real(output) == OutputPaths.Real(input))
            throw new DataException($"--output {output} is the input folder; inputs are never overwritten. Choose another output folder (e.g. --output {Path.TrimEndingDirectorySeparator(output)}_translated).");
        // an output folder inside the input folder: its files (earlier results) are not inputs
        string outputPrefix = OutputPaths.Real(output) + Path.DirectorySeparatorChar;
        var files = ImageFolder.Scan(input).Where(f => !OutputPaths.Real(f).StartsWith(outputPrefix, StringComparison.Ordinal)).ToList();
        if (files.Count == 0)
            throw new ArgumentException($"--input {input} holds no images ({ImageFolder.ExtensionList}).");
        var jobs = new List<(string, string)>(files.Count);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in files)
        {
            string target = OutputPaths.Inside(output, Path.ChangeExtension(Path.GetRelativePath(input, file), OutputPaths.Extension(folderFormat)));
            if (seen.TryGetValue(target, out string? other))
                throw new ArgumentException($"'{other}' and '{file}' would both be written to '{target}'; rename one of them (only the extension differs) and run again.");
            seen[target] = file;
            jobs.Add((file, target));
        }
        return jobs;
    }
}
