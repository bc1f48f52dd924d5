using System.Diagnostics.CodeAnalysis;

namespace Pix2Pix.Gan.Downloads;

/// <summary>Which of the authors' two model collections a pretrained generator belongs to (the reference's <c>--model</c> name).</summary>
internal enum ModelFamily
{
    /// <summary><c>pix2pix/models-pytorch/NAME.pth</c>, listed in the reference's <c>scripts/download_pix2pix_model.sh</c>.</summary>
    Pix2Pix,

    /// <summary><c>cyclegan/pretrained_models/NAME.pth</c>, listed in <c>scripts/download_cyclegan_model.sh</c>.</summary>
    CycleGan,
}

/// <summary>One released generator: its name and family, where it lives, and what the reference says about running it.</summary>
internal sealed record PretrainedModel(string Name, ModelFamily Family)
{
    /// <summary>The reference's <c>--model</c> spelling of the family.</summary>
    public string FamilyName => Family == ModelFamily.Pix2Pix ? "pix2pix" : "cycle_gan";

    /// <summary>The run folder the reference's scripts create: <c>NAME_pretrained</c>.</summary>
    public string RunName => Name + "_pretrained";

    /// <summary>The weights file inside <see cref="RunName"/>: the generator of the <c>latest</c> epoch.</summary>
    public const string FileName = "latest_net_G.pth";

    /// <summary>Where the reference's scripts save the model under a checkpoints folder: <c>DIR/NAME_pretrained/latest_net_G.pth</c>.</summary>
    public string PathIn(string checkpointsDir) => Path.Combine(Path.GetFullPath(checkpointsDir), RunName, FileName);

    /// <summary>The file's address under <paramref name="baseUrl"/> (e.g. http://efrosgans.eecs.berkeley.edu).</summary>
    public Uri Url(string baseUrl)
    {
        string folder = Family == ModelFamily.Pix2Pix ? "pix2pix/models-pytorch" : "cyclegan/pretrained_models";
        return new Uri($"{baseUrl.TrimEnd('/')}/{folder}/{Name}.pth");
    }

    /// <summary>
    /// The generator's architecture as the reference's README runs it. pix2pix: its test command
    /// (<c>--model pix2pix</c>) keeps the pix2pix defaults, a U-Net with batch norm and dropout. CycleGAN: its test
    /// command (<c>--model test --no_dropout</c>) keeps the base defaults, a 9-block ResNet with instance norm.
    /// </summary>
    public string Architecture => Family == ModelFamily.Pix2Pix
        ? "--netG unet_256 --norm batch (dropout on)"
        : "--netG resnet_9blocks --norm instance --no_dropout";

    /// <summary>The reference README's test command for this model (<c>test.py</c> flags), with the data left to the user.</summary>
    public string ReferenceTestCommand => Family == ModelFamily.Pix2Pix
        ? $"python test.py --dataroot ./datasets/DATASET --model pix2pix --name {RunName}"
            + (Name == "facades_label2photo" ? " --direction BtoA" : "")
        : $"python test.py --dataroot ./datasets/DATASET/testA --name {RunName} --model test --no_dropout";
}

/// <summary>
/// The authors' released PyTorch generators, named as in the reference's <c>scripts/download_pix2pix_model.sh</c>
/// and <c>scripts/download_cyclegan_model.sh</c>. Three names (sat2map, map2sat, facades_label2photo) are in both
/// collections; the pix2pix one is the default, as for datasets. Both scripts save to the same
/// <c>NAME_pretrained/latest_net_G.pth</c>, so the two models of such a name cannot sit side by side in one folder.
/// </summary>
internal static class ModelCatalog
{
    /// <summary>The authors' server, the same one that holds the datasets.</summary>
    public const string DefaultBaseUrl = DatasetCatalog.DefaultBaseUrl;

    /// <summary>Environment variable that overrides <see cref="DefaultBaseUrl"/> (a mirror, or a test server).</summary>
    public const string BaseUrlVariable = "PIX2PIX_MODELS_URL";

    public static IReadOnlyList<PretrainedModel> Pix2Pix { get; } =
    [
        new("edges2shoes", ModelFamily.Pix2Pix),
        new("sat2map", ModelFamily.Pix2Pix),
        new("map2sat", ModelFamily.Pix2Pix),
        new("facades_label2photo", ModelFamily.Pix2Pix),
        new("day2night", ModelFamily.Pix2Pix),
    ];

    public static IReadOnlyList<PretrainedModel> CycleGan { get; } =
    [
        new("apple2orange", ModelFamily.CycleGan),
        new("orange2apple", ModelFamily.CycleGan),
        new("summer2winter_yosemite", ModelFamily.CycleGan),
        new("winter2summer_yosemite", ModelFamily.CycleGan),
        new("horse2zebra", ModelFamily.CycleGan),
        new("zebra2horse", ModelFamily.CycleGan),
        new("monet2photo", ModelFamily.CycleGan),
        new("style_monet", ModelFamily.CycleGan),
        new("style_cezanne", ModelFamily.CycleGan),
        new("style_ukiyoe", ModelFamily.CycleGan),
        new("style_vangogh", ModelFamily.CycleGan),
        new("sat2map", ModelFamily.CycleGan),
        new("map2sat", ModelFamily.CycleGan),
        new("cityscapes_photo2label", ModelFamily.CycleGan),
        new("cityscapes_label2photo", ModelFamily.CycleGan),
        new("facades_photo2label", ModelFamily.CycleGan),
        new("facades_label2photo", ModelFamily.CycleGan),
        new("iphone2dslr_flower", ModelFamily.CycleGan),
    ];

    /// <summary>Every model, pix2pix collection first.</summary>
    public static IReadOnlyList<PretrainedModel> All { get; } = [.. Pix2Pix, .. CycleGan];

    /// <summary>Every distinct name, pix2pix collection first.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(m => m.Name).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Whether <paramref name="name"/> is released in both collections (and so needs a family to be unambiguous).</summary>
    public static bool InBothFamilies(string name) =>
        Pix2Pix.Any(m => m.Name == name) && CycleGan.Any(m => m.Name == name);

    /// <summary>The models of <paramref name="family"/>, or of both families when it is null.</summary>
    public static IReadOnlyList<PretrainedModel> Of(ModelFamily? family) => family switch
    {
        ModelFamily.Pix2Pix => Pix2Pix,
        ModelFamily.CycleGan => CycleGan,
        _ => All,
    };

    /// <summary>
    /// Finds <paramref name="name"/> (case-sensitive, as the reference) among the models of <paramref name="family"/>.
    /// With no family the pix2pix collection wins for names in both.
    /// </summary>
    public static bool TryFind(string name, ModelFamily? family, [NotNullWhen(true)] out PretrainedModel? model)
    {
        model = Of(family).FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));
        return model is not null;
    }

    /// <summary>As <see cref="TryFind"/>; throws <see cref="ModelDownloadException"/> listing the valid names when there is no such model.</summary>
    public static PretrainedModel Find(string name, ModelFamily? family = null) =>
        TryFind(name, family, out var model) ? model : throw new ModelDownloadException(UnknownName(name, family, suggestion: null));

    /// <summary>The message for a name that is not released (in <paramref name="family"/>): the names that are, and a near one if known.</summary>
    public static string UnknownName(string name, ModelFamily? family, string? suggestion)
    {
        string collection = family is null ? "" : $" in the {(family == ModelFamily.Pix2Pix ? "pix2pix" : "cycle_gan")} collection";
        string hint = suggestion is null ? "" : $" Did you mean '{suggestion}'?";
        var list = Of(family).Select(m => m.Name).Distinct(StringComparer.Ordinal);
        return $"Unknown pretrained model '{name}'{collection}.{hint} Available models are: {string.Join(", ", list)}. "
            + "`pix2pix models list` shows them with their family.";
    }
}
