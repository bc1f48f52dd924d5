using System.CommandLine;
using Pix2Pix.Gan.Inference;

namespace Pix2Pix.Cli.Commands;

/// <summary>
/// <c>pix2pix sample --name RUN | --checkpoint FILE --model M, --num N [--label K] [--seed S] --output DIR [--grid FILE]</c>:
/// images from a trained noise model.
/// </summary>
internal static class SampleCommand
{
    public static Command Create()
    {
        var source = new NoiseModelSource();
        var num = new Option<int>("--num") { Description = $"How many images to draw (1 to {LatentSampler.MaxSamples}).", DefaultValueFactory = _ => 64 };
        var label = new Option<int?>("--label") { Description = "The digit to draw, 0 to 9 (--model cgan only); without it a cgan draws 0, 1, …, 9, 0, …" };
        var seed = new Option<int>("--seed") { Description = "Seed of the noise: the same seed draws the same images.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--output") { Description = "Folder for the images, one PNG each: 0001.png, 0002.png, …", Required = true };
        var grid = new Option<string?>("--grid") { Description = "Also write all images as one grid PNG (8 per row, 2-pixel black padding, min-max scaled, as torchvision's make_grid; progan: clamped to [-1, 1] and each image scaled on its own, scale_each=True as the PGGAN write-up).", HelpName = "FILE" };
        var command = new Command("sample", "Draw images from the generator of a trained gan, cgan, dcgan, wgangp or progan run, or of a generator file such as a pytorch_GAN_zoo PGAN checkpoint (noise from --seed).");
        foreach (var option in source.All)
            command.Options.Add(option);
        foreach (Option option in new Option[] { num, label, seed, output, grid })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            int count = parse.GetValue(num);
            if (count is < 1 or > LatentSampler.MaxSamples)
                throw new ArgumentException($"--num {count} is out of range; use 1 to {LatentSampler.MaxSamples}.");
            var sampler = source.Load(parse);
            var images = sampler.Sample(count, parse.GetValue(label), unchecked((ulong)parse.GetValue(seed)));
            string folder = parse.GetRequiredValue(output);
            string? gridFile = parse.GetValue(grid);
            var files = LatentSampler.Write(images, folder, gridFile, scaleEach: sampler.GridScaleEach);
            stdout.WriteLine($"wrote {files.Count} image(s) to {Path.GetFullPath(folder)}" + (gridFile is null ? "" : $" and the grid {Path.GetFullPath(gridFile)}"));
            return 0;
        });
        return command;
    }
}
