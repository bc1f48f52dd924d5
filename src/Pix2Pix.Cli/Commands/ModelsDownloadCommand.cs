using System.CommandLine;
using Pix2Pix.Gan.Downloads;

namespace Pix2Pix.Cli.Commands;

/// <summary><c>pix2pix models download NAME</c>: the reference's download_pix2pix_model.sh and download_cyclegan_model.sh as one command.</summary>
internal static class ModelsDownloadCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name")
        {
            Description = "Model to fetch. pix2pix: " + string.Join(", ", ModelCatalog.Pix2Pix.Select(m => m.Name))
                + ". CycleGAN: " + string.Join(", ", ModelCatalog.CycleGan.Select(m => m.Name)) + ".",
        };
        var dir = DownloadOptions.Dir("./checkpoints", "Checkpoints folder; the model is saved as DIR/NAME_pretrained/latest_net_G.pth (the reference loads it with --name NAME_pretrained).");
        var baseUrl = DownloadOptions.BaseUrl(
            $"Server holding pix2pix/models-pytorch/NAME.pth and cyclegan/pretrained_models/NAME.pth (default: ${ModelCatalog.BaseUrlVariable} or {ModelCatalog.DefaultBaseUrl}).",
            ModelCatalog.DefaultBaseUrl);
        var family = new Option<string?>("--family")
        {
            Description = "Collection for names in both (sat2map, map2sat, facades_label2photo): pix2pix (U-Net, the default) or cycle_gan (ResNet).",
        };
        family.AcceptOnlyFromAmong("pix2pix", "cycle_gan");

        var command = new Command("download", "Download a pretrained generator to DIR/NAME_pretrained/latest_net_G.pth (as scripts/download_pix2pix_model.sh and download_cyclegan_model.sh). An existing file is kept.");
        command.Arguments.Add(name);
        command.Options.Add(dir);
        command.Options.Add(baseUrl);
        command.Options.Add(family);
        command.Validators.Add(r =>
        {
            string requested = r.GetValue(name) ?? "";
            var chosen = Family(r.GetValue(family));
            if (!ModelCatalog.TryFind(requested, chosen, out _))
                r.AddError(ModelCatalog.UnknownName(requested, chosen, CliErrors.Closest(requested, ModelCatalog.Of(chosen).Select(m => m.Name))));
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var output = parse.InvocationConfiguration.Output;
            var chosen = Family(parse.GetValue(family));
            var model = ModelCatalog.Find(parse.GetRequiredValue(name), chosen);
            string url = DownloadOptions.ResolveBaseUrl(parse.GetValue(baseUrl), ModelCatalog.BaseUrlVariable, ModelCatalog.DefaultBaseUrl);
            if (chosen is null && ModelCatalog.InBothFamilies(model.Name))
                error.WriteLine($"'{model.Name}' exists as a pix2pix and a CycleGAN model; taking the pix2pix one (--family cycle_gan for the other).");

            using var downloader = new ModelDownloader();
            var progress = DownloadOptions.Progress(error);
            if (!File.Exists(model.PathIn(parse.GetRequiredValue(dir))))
                error.WriteLine($"Downloading {model.Url(url)}");
            var result = await downloader.DownloadAsync(model, parse.GetRequiredValue(dir), url, progress, cancellationToken).ConfigureAwait(false);
            progress.Finish();
            if (result.AlreadyPresent)
            {
                output.WriteLine($"{result.Path} is already there; not downloading it again (delete it to fetch a fresh copy"
                    + (ModelCatalog.InBothFamilies(model.Name) ? $"; the pix2pix and CycleGAN '{model.Name}' share this path, as in the reference)." : ")."));
                return 0;
            }
            output.WriteLine($"Pretrained {model.FamilyName} model '{model.Name}' saved as {result.Path}");
            output.WriteLine($"Architecture: {model.Architecture}. The reference runs it with: {model.ReferenceTestCommand}");
            output.WriteLine($"Run it here: pix2pix translate --checkpoint {Path.GetDirectoryName(result.Path)} --input IMAGES --output OUT"
                + " (the architecture is read from the weights)");
            return 0;
        });
        return command;
    }

    private static ModelFamily? Family(string? flag) => flag switch
    {
        "pix2pix" => ModelFamily.Pix2Pix,
        "cycle_gan" => ModelFamily.CycleGan,
        _ => null,
    };
}
