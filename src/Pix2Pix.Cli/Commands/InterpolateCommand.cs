using System.CommandLine;
using Pix2Pix.Gan.Inference;

namespace Pix2Pix.Cli.Commands;

/// <summary>
/// <c>pix2pix interpolate --name RUN | --checkpoint FILE --model M, --from SEED --to SEED --steps N --output DIR [--slerp]
/// [--label K] [--grid FILE]</c>: a latent walk between the first z of two seeds, one PNG per frame.
/// </summary>
internal static class InterpolateCommand
{
    /// <summary>Frames per row of the grid.</summary>
    public const int GridRow = 10;

    public static Command Create()
    {
        var source = new NoiseModelSource();
        var from = new Option<int>("--from") { Description = "Seed of the walk's first z (the first image 'sample --seed FROM' draws).", Required = true };
        var to = new Option<int>("--to") { Description = "Seed of the walk's last z.", Required = true };
        var steps = new Option<int>("--steps") { Description = $"Frames, both ends included (2 to {LatentInterpolation.MaxSteps}).", DefaultValueFactory = _ => 10 };
        var slerp = new Option<bool>("--slerp") { Description = "Walk along the great circle between the two z (spherical interpolation) instead of the straight line." };
        var label = new Option<int?>("--label") { Description = "The class of every frame: a digit 0 to 9, or 0 to --num_classes − 1 (--model cgan, where it is required)." };
        var output = new Option<string>("--output") { Description = "Folder for the frames, one PNG each: 0001.png, 0002.png, …", Required = true };
        var grid = new Option<string?>("--grid") { Description = $"Also write the frames as one grid PNG ({GridRow} per row, as torchvision's make_grid).", HelpName = "FILE" };
        var command = new Command("interpolate", "Walk through the latent space of a trained noise model (gan, cgan, dcgan, wgangp, progan) or a pytorch_GAN_zoo PGAN checkpoint from the z of one seed to another: frames and a grid.");
        foreach (var option in source.All)
            command.Options.Add(option);
        foreach (Option option in new Option[] { from, to, steps, slerp, label, output, grid })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            int n = parse.GetValue(steps);
            if (n is < 2 or > LatentInterpolation.MaxSteps)
                throw new ArgumentException($"--steps {n} is out of range; use 2 to {LatentInterpolation.MaxSteps} (the frames include both end points).");
            var sampler = source.Load(parse);
            var frames = LatentInterpolation.Walk(sampler, unchecked((ulong)parse.GetValue(from)), unchecked((ulong)parse.GetValue(to)), n, parse.GetValue(slerp), parse.GetValue(label));
            string folder = parse.GetRequiredValue(output);
            string? gridFile = parse.GetValue(grid);
            var files = LatentSampler.Write(frames, folder, gridFile, GridRow, sampler.GridScaleEach);
            stdout.WriteLine($"wrote {files.Count} frame(s) to {Path.GetFullPath(folder)}" + (gridFile is null ? "" : $" and the grid {Path.GetFullPath(gridFile)}"));
            return 0;
        });
        return command;
    }
}
