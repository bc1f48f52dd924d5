using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Gan.Interop;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Tests.Interop;

/// <summary>
/// Crossing to the reference's trainer and back: a run folder as its train.py writes it (tools/make_pth_reference.py:
/// train_opt.txt in print_options' layout, .pth weights, loss_log.txt) imports exactly; an exported folder holds what
/// its loaders expect (the script's --check-export loads it into the reference's networks).
/// </summary>
public class ReferenceRunTests
{
    private static string ReferenceRunFolder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "reference_run", "facades_small");

    [Fact]
    public void Train_opt_txt_maps_to_our_options_and_lists_what_does_not_apply()
    {
        string path = Path.Combine(ReferenceRunFolder, "train_opt.txt");
        var (options, ignored) = ReferenceOptionsText.ToOptions(File.ReadAllText(path), path);
        Assert.Equal(("pix2pix", "unet_128", 2, 2, "batch", "BtoA"), (options.Model, options.NetG, options.Ngf, options.Ndf, options.Norm, options.Direction));
        Assert.Equal((143, 128, 1, 1, 0.0002f, 100f), (options.LoadSize, options.CropSize, options.NEpochs, options.NEpochsDecay, options.Lr, options.LambdaL1));
        Assert.Equal(("aligned", "vanilla", 0, int.MaxValue), (options.DatasetMode, options.GanMode, options.PoolSize, options.MaxDatasetSize));
        Assert.Contains("gpu_ids", ignored);
        Assert.Contains("display_port", ignored);
        Assert.DoesNotContain("netG", ignored);
    }

    [Fact]
    public void Old_reference_flag_names_are_mapped_and_bad_lines_are_named()
    {
        var (options, _) = ReferenceOptionsText.ToOptions("""
            ----------------- Options ---------------
                               model: pix2pix
                               niter: 7                             	[default: 100]
                         niter_decay: 3                             	[default: 100]
                           lr_policy: lambda
                              suffix: 
            ----------------- End -------------------
            """, "old_opt.txt");
        Assert.Equal((7, 3, "linear"), (options.NEpochs, options.NEpochsDecay, options.LrPolicy));

        var ex = Assert.Throws<FormatException>(() => ReferenceOptionsText.ToOptions("model: pix2pix\nngf: many\n", "bad_opt.txt"));
        Assert.Contains("bad_opt.txt: ngf is 'many'", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<FormatException>(() => ReferenceOptionsText.ToOptions("ngf: 8\n", "no_model.txt"));
        Assert.Contains("no 'model:' line", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_run_imports_with_its_weights_options_and_loss_history()
    {
        using var temp = new TempFolder();
        var run = ReferenceRun.Import(ReferenceRunFolder, temp.Path);
        Assert.Equal(Path.Combine(temp.Path, "facades_small"), run.Folder);
        Assert.Equal(["D", "G"], run.Networks);
        Assert.Equal(["1", "latest"], run.Labels);
        Assert.Equal(2, run.NextEpoch);
        Assert.True(run.LossLogKept);
        foreach (string label in new[] { "1", "latest" })
        {
            foreach (string net in new[] { "G", "D" })
            {
                var ours = SafeTensors.Read(Path.Combine(run.Folder, $"{label}_net_{net}.safetensors")).Tensors;
                var theirs = PthFile.Read(Path.Combine(ReferenceRunFolder, $"{label}_net_{net}.pth"));
                foreach (string name in theirs.Names)
                {
                    if (theirs.TryGetFloat(name, out var t))
                    {
                        Assert.True(ours.TryGetFloat(name, out var o), name);
                        Assert.Equal(t.Data, o.Data);
                    }
                }
            }
        }
        var options = new TrainOptions();
        OptionsFile.FromJson(File.ReadAllText(Path.Combine(run.Folder, "options.json")), options, "options.json");
        Assert.Equal(("facades_small", "unet_128", "BtoA"), (options.Name, options.NetG, options.Direction));
        Assert.Equal(File.ReadAllText(Path.Combine(ReferenceRunFolder, "loss_log.txt")), File.ReadAllText(Path.Combine(run.Folder, "loss_log.txt")));

        // importing again over it is refused and changes nothing
        var ex = Assert.Throws<IOException>(() => ReferenceRun.Import(ReferenceRunFolder, temp.Path));
        Assert.Contains("already exists", ex.Message, StringComparison.Ordinal);
        Assert.Single(Directory.GetDirectories(temp.Path));
    }

    [Fact]
    public void Weights_that_do_not_fit_train_opt_txt_are_refused_and_nothing_is_left()
    {
        using var temp = new TempFolder();
        string reference = Path.Combine(temp.Path, "ref");
        Directory.CreateDirectory(reference);
        foreach (string file in Directory.GetFiles(ReferenceRunFolder))
            File.Copy(file, Path.Combine(reference, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(reference, "train_opt.txt"), File.ReadAllText(Path.Combine(reference, "train_opt.txt")).Replace("ngf: 2 ", "ngf: 4 ", StringComparison.Ordinal));
        string checkpoints = Path.Combine(temp.Path, "checkpoints");
        var ex = Assert.Throws<CheckpointException>(() => ReferenceRun.Import(reference, checkpoints, "mine"));
        Assert.Contains("does not fit the network", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(checkpoints) ? Directory.GetFileSystemEntries(checkpoints) : []);
    }

    [Fact]
    public void An_imported_run_exports_back_to_the_same_tensors_in_the_reference_layout()
    {
        using var temp = new TempFolder();
        var run = ReferenceRun.Import(ReferenceRunFolder, temp.Path, "roundtrip");
        string exported = Path.Combine(temp.Path, "exported");
        var written = ReferenceRun.Export(run.Folder, exported);
        Assert.Equal(["1_net_D.pth", "1_net_G.pth", "latest_net_D.pth", "latest_net_G.pth", "train_opt.txt", "loss_log.txt"], written.Select(Path.GetFileName));
        foreach (string file in new[] { "latest_net_G.pth", "1_net_D.pth" })
        {
            var back = PthFile.Read(Path.Combine(exported, file));
            var original = PthFile.Read(Path.Combine(ReferenceRunFolder, file));
            Assert.Equal(original.Names, back.Names);
            foreach (string name in original.Names)
            {
                if (original.TryGetFloat(name, out var t) && back.TryGetFloat(name, out var b))
                    Assert.Equal(t.Data, b.Data);
            }
        }

        // one file: into a folder, or to a name
        string single = ReferenceRun.Export(Path.Combine(run.Folder, "latest_net_G.safetensors"), exported).Single();
        Assert.Equal(Path.Combine(exported, "latest_net_G.pth"), single);
        string named = ReferenceRun.Export(Path.Combine(run.Folder, "latest_net_G.safetensors"), Path.Combine(temp.Path, "G.pth")).Single();
        Assert.True(File.Exists(named));
        Assert.Throws<IOException>(() => ReferenceRun.Export(run.Folder, exported));
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("pix2pix-interop-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
