using System.CommandLine;
using Pix2Pix.Gan.Downloads;

namespace Pix2Pix.Cli.Commands;

/// <summary><c>pix2pix datasets download NAME</c>: the reference's download_*_dataset.sh scripts as one command.</summary>
public static class DatasetsDownloadCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name")
        {
            Description = "Dataset to fetch. pix2pix (.tar.gz): " + string.Join(", ", DatasetCatalog.Pix2Pix.Select(e => e.Name))
                + ". CycleGAN (.zip): " + string.Join(", ", DatasetCatalog.CycleGan.Select(e => e.Name))
                + ". cityscapes must be fetched by hand (license); the command prints how.",
        };
        var dir = DownloadOptions.Dir("./datasets", "Folder that receives the dataset as DIR/NAME.");
        var baseUrl = DownloadOptions.BaseUrl(
            $"Server holding pix2pix/datasets/NAME.tar.gz and cyclegan/datasets/NAME.zip (default: ${DatasetCatalog.BaseUrlVariable} or {DatasetCatalog.DefaultBaseUrl}).",
            DatasetCatalog.DefaultBaseUrl);
        var source = new Option<string?>("--source")
        {
            Description = "Collection for names in both (facades, maps, cityscapes): pix2pix (paired A|B, the default) or cyclegan (trainA/trainB).",
        };
        source.AcceptOnlyFromAmong("pix2pix", "cyclegan");

        var command = new Command("download", "Download an official dataset and unpack it to DIR/NAME (as datasets/download_pix2pix_dataset.sh and download_cyclegan_dataset.sh).");
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
            if (!entry.Manual)
                error.WriteLine($"Downloading {entry.Url(url)}");
            var progress = DownloadOptions.Progress(error);
            using var downloader = new DatasetDownloader();
            string folder = await downloader.DownloadAsync(entry, parse.GetRequiredValue(dir), url, progress, cancellationToken).ConfigureAwait(false);
            progress.Finish();
            output.WriteLine($"Dataset '{entry.Name}' is ready in {folder}");
            return 0;
        });
        return command;
    }
}
