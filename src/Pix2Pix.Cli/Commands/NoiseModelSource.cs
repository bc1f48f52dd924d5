using System.CommandLine;
using Pix2Pix.Gan.Inference;

namespace Pix2Pix.Cli.Commands;

/// <summary>The flags <c>sample</c> and <c>interpolate</c> share to find a generator of noise: a run, or a file and its model.</summary>
internal sealed class NoiseModelSource
{
    public Option<string?> Name { get; } = new("--name") { Description = "The training run (a --model gan, cgan, dcgan, wgangp or progan run) under --checkpoints_dir." };

    public Option<string> CheckpointsDir { get; } = new("--checkpoints_dir") { Description = "Where the run folders are.", DefaultValueFactory = _ => "./checkpoints" };

    public Option<string> Epoch { get; } = new("--epoch") { Description = "Which checkpoint of the run: latest, an epoch number, or iter_<n>.", DefaultValueFactory = _ => "latest" };

    public Option<string?> Checkpoint { get; } = new("--checkpoint")
    {
        Description = "A generator file instead of a run, with --model: a pytorch_GAN_zoo checkpoint (the torch.hub PGAN files, e.g. celebaHQ16_december_s7_i96000-9c72988c.pth) "
            + "or a progan *_net_avgG.safetensors for --model progan; a G state dict (.safetensors or .pth) of the write-up's default networks for gan, cgan, dcgan, wgangp.",
        HelpName = "FILE",
    };

    public Option<string?> Model { get; } = new("--model") { Description = "The model of --checkpoint: gan, cgan, dcgan, wgangp or progan." };

    public IEnumerable<Option> All => [Name, CheckpointsDir, Epoch, Checkpoint, Model];

    public LatentSampler Load(ParseResult parse)
    {
        string? name = parse.GetValue(Name);
        string? file = parse.GetValue(Checkpoint);
        string? model = parse.GetValue(Model);
        if ((name is null) == (file is null))
            throw new ArgumentException("Give either --name RUN (a training run) or --checkpoint FILE --model M (a generator file), not both and not neither.");
        if (file is not null)
        {
            if (model is null)
                throw new ArgumentException("--checkpoint needs --model (gan, cgan, dcgan, wgangp or progan): a file does not say which network it holds.");
            return LatentSampler.LoadFile(file, model);
        }
        if (model is not null)
            throw new ArgumentException("--model goes with --checkpoint; a run's options.json already names its model.");
        return LatentSampler.Load(parse.GetValue(CheckpointsDir) ?? "./checkpoints", name!, parse.GetValue(Epoch) ?? "latest");
    }
}
