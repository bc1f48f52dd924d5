using System.CommandLine;
using Pix2Pix.Gan.Downloads;

namespace Pix2Pix.Cli.Commands;

/// <summary><c>pix2pix datasets download NAME</c>: the reference's download_*_dataset.sh scripts as one command.</summary>
internal static class DatasetsDownloadCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name")
        {
            Description = "Dataset to fetch. pix2pix (.tar.gz): " + string.Join(", ", DatasetCatalog.Pix2Pix.Select(e => e.Name))
                + ". CycleGAN (.zip): " + string.Join(", ", DatasetCatalog.CycleGan.Select(e => e.Name))
                + ". MNIST-style (four gzipped IDX files for --dataset_mode mnist): " + string.Join(", ", DatasetCatalog.Idx.Select(e => e.Name))
                + ". cityscapes must be fetched by hand (license); the command prints how.",
        };
        var dir = DownloadOptions.Dir("./datasets", "Folder that receives the dataset as DIR/NAME.");
        var baseUrl = DownloadOptions.BaseUrl(
            $"Server holding pix2pix/datasets/NAME.tar.gz, cyclegan/datasets/NAME.zip and mnist/FILE.gz, fashion_mnist/FILE.gz (default: ${DatasetCatalog.BaseUrlVariable} or {DatasetCatalog.DefaultBaseUrl}; MNIST-style datasets then come from their official mirrors).",
            DatasetCatalog.DefaultBaseUrl);
        var source = new Option<string?>("--source")
        {
            Description = "Collection for names in both (facades, maps, cityscapes): pix2pix (paired A|B, the default) or cyclegan (trainA/trainB).",
        };
        source.AcceptOnlyFromAmong("pix2pix", "cyclegan");

        var command = new Command("download", "Download an official dataset and unpack it to DIR/NAME (as datasets/download_pix2pix_dataset.sh and download_cyclegan_dataset.sh), or MNIST / Fashion-MNIST's four gzipped files, each checked by MD5.");
        command.Arguments.Add(name);
        command.Options.Add(dir);
        command.Options.Add(baseUrl);
        command.Options.Add(source);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var output = parse.InvocationConfiguration.Output;
            DatasetSource? collection = parse.GetValue(source) switch
            {
                "pix2pix" => DatasetSource.Pix2Pix,
                "cyclegan" => DatasetSource.CycleGan,
                _ => null,
            };
            var entry = DatasetCatalog.Find(parse.GetRequiredValue(name), collection);
            string url = DownloadOptions.ResolveBaseUrl(parse.GetValue(baseUrl), DatasetCatalog.BaseUrlVariable, DatasetCatalog.DefaultBaseUrl);
            string datasets = parse.GetRequiredValue(dir);
            if (DatasetDownloader.IsPresent(entry, datasets))
            {
                output.WriteLine($"Dataset '{entry.Name}' is already present in {Path.Combine(Path.GetFullPath(datasets), entry.Name)}; nothing to download.");
                WriteNextStep(output, entry, datasets);
                return 0;
            }
            var progress = DownloadOptions.Progress(error);
            using var downloader = new DatasetDownloader
            {
                Log = line =>
                {
                    progress.Finish();
                    error.WriteLine(line);
                },
            };
            string folder = await downloader.DownloadAsync(entry, datasets, url, progress, cancellationToken).ConfigureAwait(false);
            progress.Finish();
            output.WriteLine($"Dataset '{entry.Name}' is ready in {folder}");
            WriteNextStep(output, entry, datasets);
            return 0;
        });
        return command;
    }

    /// <summary>MNIST-style data trains the classic GAN, which its name alone does not tell; say how.</summary>
    private static void WriteNextStep(TextWriter output, DatasetEntry entry, string datasets)
    {
        if (entry.Source == DatasetSource.Idx)
            output.WriteLine($"Train on it with: pix2pix train --model gan --dataroot {Path.Combine(datasets, entry.Name)} --name {entry.Name}_gan");
    }
}
