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
        var dir = new Option<string>("--dir")
        {
            Description = "Folder that receives the dataset as DIR/NAME.",
            DefaultValueFactory = _ => "./datasets",
        };
        var baseUrl = new Option<string?>("--base_url")
        {
            Description = $"Server holding pix2pix/datasets/NAME.tar.gz and cyclegan/datasets/NAME.zip (default: ${DatasetCatalog.BaseUrlVariable} or {DatasetCatalog.DefaultBaseUrl}).",
        };
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
            string url = ResolveBaseUrl(parse.GetValue(baseUrl));
            if (!entry.Manual)
                error.WriteLine($"Downloading {entry.Url(url)}");
            var progress = new DatasetsDownloadProgress(error, interactive: ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected);
            using var downloader = new DatasetDownloader();
            string folder = await downloader.DownloadAsync(entry, parse.GetRequiredValue(dir), url, progress, cancellationToken).ConfigureAwait(false);
            progress.Finish();
            output.WriteLine($"Dataset '{entry.Name}' is ready in {folder}");
            return 0;
        });
        return command;
    }

    private static string ResolveBaseUrl(string? fromOption)
    {
        string url = !string.IsNullOrWhiteSpace(fromOption) ? fromOption
            : Environment.GetEnvironmentVariable(DatasetCatalog.BaseUrlVariable) is { Length: > 0 } fromEnv ? fromEnv
            : DatasetCatalog.DefaultBaseUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new DatasetDownloadException($"'{url}' is not an http(s) address; give --base_url like {DatasetCatalog.DefaultBaseUrl}.");
        return url;
    }
}
