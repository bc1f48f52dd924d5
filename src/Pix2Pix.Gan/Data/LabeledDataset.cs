using Pix2Pix.Engine;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Data;

/// <summary>
/// <c>--dataset_mode labeled</c>: torchvision's ImageFolder layout, <c>dataroot/&lt;class&gt;/…/*.png</c>, for the
/// conditional GAN on the user's own classes. Classes are the sub-folders of dataroot in sorted (ordinal) order, label
/// i for the i-th, as ImageFolder numbers them; a class folder without images is an error, as there. A = the image
/// transformed as the single mode does (gray for <c>--input_nc 1</c>), B = its label as a one-element tensor, as the
/// mnist mode serves digits. <c>--max_dataset_size N</c> keeps the first N files by path.
/// </summary>
internal sealed class LabeledDataset : IImageDataset
{
    private readonly DataOptions _options;
    private readonly int[] _labels;

    public LabeledDataset(DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        Folder = options.DataRoot;
        if (!Directory.Exists(Folder))
            throw new DataException($"--dataroot '{Folder}' does not exist. {DatasetFolders.Layout(DatasetMode.Labeled, options.Phase)}.");
        string root = Path.GetFullPath(Folder);
        Classes = [.. Directory.GetDirectories(root).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        if (Classes.Count == 0)
            throw new DataException($"'{Folder}' has no class folders. {DatasetFolders.Layout(DatasetMode.Labeled, options.Phase)}.");
        foreach (string name in Classes)
            if (!ImageFolder.Scan(Path.Combine(root, name), 1).Any())
                throw new DataException($"The class folder '{Path.Combine(Folder, name)}' holds no images ({ImageFolder.ExtensionList}); add images or remove the folder (every sub-folder of --dataroot is a class).");
        var index = Classes.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i, StringComparer.Ordinal);
        Paths = DatasetFolders.ScanOrThrow(Folder, options);
        _labels = new int[Paths.Count];
        for (int i = 0; i < Paths.Count; i++)
        {
            string relative = Path.GetRelativePath(root, Path.GetFullPath(Paths[i]));
            int slash = relative.IndexOfAny(['/', '\\']);
            if (slash < 0)
                throw new DataException($"'{Paths[i]}' lies directly in --dataroot, outside any class folder; move it into the folder of its class ({DatasetFolders.Layout(DatasetMode.Labeled, options.Phase)}).");
            _labels[i] = index[relative[..slash]];
        }
    }

    public string Folder { get; }

    /// <summary>The class names, label i for the i-th.</summary>
    public IReadOnlyList<string> Classes { get; }

    public IReadOnlyList<string> Paths { get; }

    public int Count => Paths.Count;

    public bool HasB => true;

    /// <summary>The label of sample <paramref name="index"/>.</summary>
    public int Label(int index) => _labels[index];

    public DataSample GetItem(int index, DataRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        string path = Paths[index];
        var a = DataImaging.LoadTransformed(path, _options, _options.ChannelsA, random);
        return new DataSample(a, Tensor.FromArray([_labels[index]], 1), path, path);
    }
}
