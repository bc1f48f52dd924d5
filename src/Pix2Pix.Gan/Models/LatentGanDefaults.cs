using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Models;

/// <summary>
/// The defaults the noise models share: gray 28×28 digits (the mnist mode pads to --crop_size and ignores
/// --preprocess, so it is none), a constant learning rate, and TensorBoard logs (the write-ups log their sample grids there).
/// </summary>
internal static class LatentGanDefaults
{
    public static Dictionary<string, object> For(string nets, int zDim, float lr, float beta1, int batchSize, int epochs) => new()
    {
        ["netG"] = nets, ["netD"] = nets, ["z_dim"] = zDim, ["lr"] = lr, ["beta1"] = beta1, ["batch_size"] = batchSize,
        ["n_epochs"] = epochs, ["n_epochs_decay"] = 0, ["input_nc"] = 1, ["output_nc"] = 1, ["crop_size"] = 28, ["load_size"] = 28, ["preprocess"] = "none",
        ["gan_mode"] = "vanilla", ["pool_size"] = 0, ["no_flip"] = true, ["norm"] = "batch", ["tensorboard"] = true,
    };

    /// <summary>The training options a noise model is built from (its z_dim lives there); other options are refused clearly.</summary>
    public static TrainOptions Training(BaseOptions options, string model) => options as TrainOptions
        ?? throw new ArgumentException($"--model {model} generates images from noise; draw samples of a trained run with 'pix2pix sample --name RUN', not 'test' or 'translate'.");
}
