using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Gan.Tests.Training;

/// <summary>A run folder reads the reference's <c>&lt;label&gt;_net_&lt;name&gt;.pth</c> when it has no safetensors file of that name.</summary>
public class RunFolderPthTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "pth", name);

    [Fact]
    public void A_network_loads_from_pth_and_safetensors_wins_when_both_exist()
    {
        string folder = Directory.CreateTempSubdirectory("pix2pix-runfolder-").FullName;
        try
        {
            var run = new RunFolder(folder);
            File.Copy(Fixture("unet_128_batch.pth"), run.ReferenceNetworkFile("latest", "G"));
            Module Net() => NetworkFactory.DefineG(3, 3, 2, "unet_128", "batch", true, "normal", 0.02f, new Rng(3), null);

            var fromPth = Net();
            run.LoadNetwork(fromPth, "latest", "G");
            var expected = PthFile.Read(Fixture("unet_128_batch.pth"));
            expected.TryGetFloat("model.model.0.weight", out Tensor want);
            fromPth.StateDict().TryGetFloat("model.model.0.weight", out Tensor got);
            Assert.Equal(want.Data, got.Data);
            Assert.Equal(["latest_net_G.pth"], run.AvailableNetworkFiles("G"));

            // our own file of the same name is preferred
            var other = Net();
            Checkpoint.Save(run.NetworkFile("latest", "G"), other.StateDict());
            var fromSafetensors = Net();
            run.LoadNetwork(fromSafetensors, "latest", "G");
            other.StateDict().TryGetFloat("model.model.0.weight", out Tensor ours);
            fromSafetensors.StateDict().TryGetFloat("model.model.0.weight", out Tensor loaded);
            Assert.Equal(ours.Data, loaded.Data);
            Assert.Equal(["latest_net_G.pth", "latest_net_G.safetensors"], run.AvailableNetworkFiles("G"));

            var missing = Assert.Throws<FileNotFoundException>(() => run.LoadNetwork(Net(), "7", "G"));
            Assert.Contains("available: latest_net_G.pth, latest_net_G.safetensors", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
