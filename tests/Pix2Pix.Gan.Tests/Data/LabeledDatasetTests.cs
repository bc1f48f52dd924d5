using Pix2Pix.Engine;
using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Tests.Data.Support;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Gan.Tests.Data;

/// <summary><c>--dataset_mode labeled</c>: torchvision's ImageFolder layout, classes in sorted folder order.</summary>
public sealed class LabeledDatasetTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private DataOptions Options(int max = int.MaxValue) => new()
    {
        DataRoot = _temp.Path, DatasetMode = DatasetMode.Labeled, Preprocess = PreprocessMode.ResizeAndCrop, LoadSize = 28, CropSize = 28,
        NoFlip = true, InputNc = 1, MaxDatasetSize = max,
    };

    [Fact]
    public void Classes_are_the_sorted_folders_and_every_image_gets_its_folders_label()
    {
        _temp.WritePng("square/b.png", TestImages.Pattern(20, 20, 1));
        _temp.WritePng("circle/x/deep.png", TestImages.Pattern(30, 30, 2));   // sub-folders of a class belong to it
        _temp.WritePng("circle/a.png", TestImages.Pattern(28, 28, 3));
        _temp.WritePng("Zebra/z.png", TestImages.Pattern(28, 28, 4));   // ordinal: upper case sorts first
        var dataset = (LabeledDataset)DatasetFactory.Create(Options());
        Assert.Equal(["Zebra", "circle", "square"], dataset.Classes);
        Assert.Equal(4, dataset.Count);
        Assert.True(dataset.HasB);
        var labels = Enumerable.Range(0, dataset.Count).ToDictionary(i => Path.GetFileName(dataset.Paths[i]), dataset.Label);
        Assert.Equal(new Dictionary<string, int> { ["z.png"] = 0, ["a.png"] = 1, ["deep.png"] = 1, ["b.png"] = 2 }, labels);
        for (int i = 0; i < dataset.Count; i++)
        {
            var sample = dataset.GetItem(i, new DataRandom(1));
            Assert.Equal([1, 28, 28], sample.A.Shape.ToArray());
            Assert.Equal(dataset.Label(i), sample.B!.Data[0]);
        }
        Assert.Equal(2, new LabeledDataset(Options(max: 2)).Count);
    }

    [Fact]
    public void An_empty_class_folder_a_loose_file_and_no_folders_are_refused_with_the_layout()
    {
        Directory.CreateDirectory(Path.Combine(_temp.Path, "empty"));
        _temp.WritePng("cat/1.png", TestImages.Pattern(8, 8));
        var ex = Assert.Throws<DataException>(() => new LabeledDataset(Options()));
        Assert.Contains("empty' holds no images", ex.Message, StringComparison.Ordinal);
        Directory.Delete(Path.Combine(_temp.Path, "empty"));
        _temp.WritePng("loose.png", TestImages.Pattern(8, 8));
        ex = Assert.Throws<DataException>(() => new LabeledDataset(Options()));
        Assert.Contains("outside any class folder", ex.Message, StringComparison.Ordinal);
        using var other = new TempFolder();
        other.WritePng("a.png", TestImages.Pattern(8, 8));
        ex = Assert.Throws<DataException>(() => new LabeledDataset(Options() with { DataRoot = other.Path }));
        Assert.Contains("--dataset_mode labeled expects one folder per class", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cgan_learns_on_three_class_folders_and_refuses_labels_beyond_num_classes()
    {
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < 6; i++)
                _temp.WritePng($"class{c}/{i}.png", TestImages.Solid(28, 28, (byte)(80 * c), (byte)(80 * c), (byte)(80 * c)));
        var options = new TrainOptions { Model = "cgan" };
        options.ApplyModelDefaults(new HashSet<string> { "dataset_mode", "preprocess" });
        options.DatasetMode = "labeled";
        options.Preprocess = "resize_and_crop";
        options.DataRoot = _temp.Path;
        options.CheckpointsDir = Path.Combine(_temp.Path, "..", Path.GetFileName(_temp.Path) + "-ck");
        options.Name = "shapes";
        options.NEpochs = 1;
        options.BatchSize = 6;
        options.NumThreads = 1;
        options.NoHtml = true;
        LatentGanModel.NumClassesFlag.Set(options, 3);
        try
        {
            using (var trainer = new Trainer(options, TextWriter.Null))
            {
                var model = Assert.IsAssignableFrom<LatentGanModel>(trainer.Model);
                Assert.Equal(3, model.NumClasses);
                Assert.Equal([128, 100 + 3], ((Engine.Modules.Linear)((Pix2Pix.Gan.Networks.LatentNet)model.NetG).Body[0]).Weight.Shape.ToArray());
                trainer.Train();
            }
            var sampler = Pix2Pix.Gan.Inference.LatentSampler.Load(options.CheckpointsDir, "shapes");
            Assert.Equal([4, 1, 28, 28], sampler.Sample(4, label: 2, seed: 1).Shape.ToArray());
            var ex = Assert.Throws<ArgumentException>(() => sampler.Sample(4, label: 3, seed: 1));
            Assert.Contains("use 0 to 2", ex.Message, StringComparison.Ordinal);
            var hot = Assert.Throws<ArgumentException>(() => LatentGanModel.OneHot(Tensor.FromArray([3f], 1, 1), 3));
            Assert.Contains("--num_classes 3", hot.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(options.CheckpointsDir))
                Directory.Delete(options.CheckpointsDir, recursive: true);
        }
    }
}
