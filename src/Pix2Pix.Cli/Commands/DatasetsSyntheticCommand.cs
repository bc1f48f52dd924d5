using System.CommandLine;
using Pix2Pix.Gan.Synthetic;

namespace Pix2Pix.Cli.Commands;

/// <summary><c>pix2pix datasets make-synthetic</c>: writes the built-in synthetic facades dataset.</summary>
internal static class DatasetsSyntheticCommand
{
    public static Command Create()
    {
        var outDir = new Option<string>("--out")
        {
            Description = "Folder to write; receives train/, val/ and test/.",
            Required = true,
        };
        var count = new Option<int>("--count")
        {
            Description = "Number of training images; val and test get a tenth of it each (at least 1) unless set.",
            DefaultValueFactory = _ => SyntheticFacades.DefaultTrainCount,
        };
        var valCount = new Option<int?>("--val_count") { Description = "Number of validation images (default: count / 10)." };
        var testCount = new Option<int?>("--test_count") { Description = "Number of test images (default: count / 10)." };
        var size = new Option<int>("--size")
        {
            Description = $"Side of each half in pixels, {SyntheticFacades.MinSize}–{SyntheticFacades.MaxSize}; files are size × 2·size.",
            DefaultValueFactory = _ => SyntheticFacades.DefaultSize,
        };
        var seed = new Option<ulong>("--seed")
        {
            Description = "Seed; the same seed, size and counts give byte-identical files.",
            DefaultValueFactory = _ => 0,
        };
        count.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
                r.AddError("--count must be at least 1.");
        });
        foreach (var option in new[] { valCount, testCount })
        {
            option.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<int?>() < 0)
                    r.AddError($"{option.Name} cannot be negative.");
            });
        }
        size.Validators.Add(r =>
        {
            int s = r.GetValueOrDefault<int>();
            if (s is < SyntheticFacades.MinSize or > SyntheticFacades.MaxSize)
                r.AddError($"--size {s} is out of range; use {SyntheticFacades.MinSize} to {SyntheticFacades.MaxSize} (256 matches --netG unet_256).");
        });

        var command = new Command("make-synthetic",
            "Generate a deterministic synthetic facades dataset in the aligned layout: OUT/train, OUT/val and OUT/test hold 1.png, 2.png, …, "
            + "each a rendered facade photo (A, left) beside its CMP-coloured label map (B, right), like the real facades dataset. "
            + "Facades are random grids of floors × window columns with sills, moldings, deco, shutters, balconies, cornices, a door, "
            + "shop fronts and pillars, under sky. Train label→photo with --direction BtoA. Splits never share an image.");
        command.Options.Add(outDir);
        command.Options.Add(count);
        command.Options.Add(valCount);
        command.Options.Add(testCount);
        command.Options.Add(size);
        command.Options.Add(seed);
        command.SetAction(parse =>
        {
            int train = parse.GetValue(count);
            int val = parse.GetValue(valCount) ?? Math.Max(1, train / 10);
            int test = parse.GetValue(testCount) ?? Math.Max(1, train / 10);
            int side = parse.GetValue(size);
            string dir = parse.GetRequiredValue(outDir);
            int written = SyntheticFacades.WriteDataset(dir, train, val, test, side, parse.GetValue(seed));
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"Wrote {written} synthetic facades ({train} train, {val} val, {test} test) of {2 * side}x{side} to {Path.GetFullPath(dir)}.");
            output.WriteLine($"Train label -> photo: pix2pix train --model pix2pix --dataroot {dir} --direction BtoA");
            return 0;
        });
        return command;
    }
}
