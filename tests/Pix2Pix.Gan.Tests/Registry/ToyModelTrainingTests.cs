using System.Text.Json.Nodes;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Tests.Training;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Gan.Tests.Registry;

[Collection("Training runs")]
public class ToyModelTrainingTests
{
    [Fact]
    public void A_model_registered_from_outside_trains_through_the_trainer_with_its_own_flag()
    {
        ModelRegistry.Register(ToyL1Model.Descriptor);
        using var run = new TinyRun();
        var opt = run.Options("toy", epochs: 1);
        opt.Model = "toy_l1";
        opt.NetG = "resnet_6blocks";   // given: the toy's default (unet_128) must not replace it
        ToyL1Model.LambdaToy.Set(opt, 3f);
        opt.ApplyModelDefaults(new HashSet<string> { "model", "netG" });
        Assert.Equal("resnet_6blocks", opt.NetG);
        Assert.Equal("batch", opt.Norm);
        using (var t = new Trainer(opt, TextWriter.Null))
        {
            Assert.IsType<ToyL1Model>(t.Model);
            t.Train();
        }
        var folder = new RunFolder(opt.RunDirectory);
        Assert.True(File.Exists(folder.NetworkFile("latest", "G")));
        Assert.True(File.Exists(folder.TrainStateFile("latest")));
        Assert.Matches(@"G_L1: \d+\.\d{3} $", File.ReadAllLines(folder.LossLog)[^1]);
        var json = JsonNode.Parse(File.ReadAllText(folder.OptionsJson))!;
        Assert.Equal("toy_l1", (string?)json["model"]);
        Assert.Equal(3f, (float)json["lambda_toy"]!);
        Assert.Contains("               lambda_toy: 3                             \t[default: 2]\n", File.ReadAllText(folder.OptionsText), StringComparison.Ordinal);
    }

    [Fact]
    public void Registering_a_second_model_under_a_taken_name_is_refused()
    {
        var clash = new ModelDescriptor { Name = "pix2pix", Build = (o, s) => new ToyL1Model(o, s), DatasetMode = "aligned" };
        var ex = Assert.Throws<ArgumentException>(() => ModelRegistry.Register(clash));
        Assert.Contains("already registered", ex.Message, StringComparison.Ordinal);
    }
}
