using System.CommandLine;
using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Data.Tools;

namespace Pix2Pix.Cli.Commands;

/// <summary>
/// <c>pix2pix datasets combine --fold_A A --fold_B B --fold_AB AB [--num_imgs N] [--use_AB]</c>, the reference's
/// datasets/combine_A_and_B.py. Added to <c>datasets</c> as its <c>combine</c> subcommand.
/// </summary>
internal static class DatasetsCombineCommand
{
    public static Command Create()
    {
        var foldA = new Option<string>("--fold_A") { Description = "Folder of A images, one sub-folder per split (train, val, test).", Required = true };
        var foldB = new Option<string>("--fold_B") { Description = "Folder of B images with the same splits and file names as --fold_A.", Required = true };
        var foldAB = new Option<string>("--fold_AB") { Description = "Output folder; gets one sub-folder per split holding the A|B images.", Required = true };
        var numImgs = new Option<int>("--num_imgs") { Description = "Use at most this many images per split.", DefaultValueFactory = _ => 1_000_000 };
        var useAB = new Option<bool>("--use_AB") { Description = "Names carry the side: 0001_A.jpg in --fold_A pairs with 0001_B.jpg in --fold_B (which may be the same folder) and gives 0001.png." };

        var command = new Command(
            "combine",
            "Build an aligned dataset: for each split, place every A image and the B image of the same name side by side (A|B), " +
            "as the reference's combine_A_and_B.py. Writes PNG files with the A file's base name (the reference writes the input's format via OpenCV); images are read as RGB.")
        {
            foldA, foldB, foldAB, numImgs, useAB,
        };
        command.SetAction(parse =>
        {
            TextWriter stdout = parse.InvocationConfiguration.Output;
            TextWriter stderr = parse.InvocationConfiguration.Error;
            try
            {
                var request = new CombineRequest(parse.GetRequiredValue(foldA), parse.GetRequiredValue(foldB), parse.GetRequiredValue(foldAB))
                {
                    NumImages = parse.GetValue(numImgs),
                    UseAB = parse.GetValue(useAB),
                };
                var reports = DatasetCombiner.Combine(request, stdout);
                int written = reports.Sum(r => r.Written.Count);
                int errors = reports.Sum(r => r.Errors.Count);
                stdout.WriteLine($"Wrote {written} A|B image(s) under '{request.FoldAB}'.");
                if (written == 0)
                {
                    stderr.WriteLine("error: no pairs were written; check that --fold_B holds files with the same names as --fold_A in the same split folders (and --use_AB if they end in _A/_B).");
                    return 1;
                }
                if (errors > 0)
                {
                    stderr.WriteLine($"error: {errors} pair(s) could not be combined (see the errors above); fix those images and run again.");
                    return 1;
                }
                return 0;
            }
            catch (DataException ex)
            {
                stderr.WriteLine($"error: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
