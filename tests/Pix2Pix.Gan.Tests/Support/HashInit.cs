using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Tests.Support;

/// <summary>The deterministic values of tools/fixture_io.py (hash_uniform) and make_pix2pix_reference.py (hash_init).</summary>
internal static class HashInit
{
    public static float[] Uniform(int seed, int count) => Pix2Pix.Tests.Support.FixtureHash.Uniform(seed, count);

    /// <summary>Entry k of the state dict gets Uniform(seedBase + k), mapped as the Python script does.</summary>
    public static void Apply(Module net, int seedBase)
    {
        float a = (float)(Math.Sqrt(3.0) * 0.02); // PyTorch multiplies a float32 tensor by a Python scalar in float32
        var dict = net.StateDict();
        for (int k = 0; k < dict.Names.Count; k++)
        {
            string name = dict.Names[k];
            if (!dict.TryGetFloat(name, out var t))
                continue;
            var u = Uniform(seedBase + k, t.Count);
            string leaf = name[(name.LastIndexOf('.') + 1)..];
            for (int i = 0; i < t.Count; i++)
            {
                t.Data[i] = leaf switch
                {
                    "running_mean" => 0f,
                    "running_var" => 1f,
                    "weight" when t.Rank == 1 => 1f + a * u[i],
                    "bias" => 0.01f * u[i],
                    _ => a * u[i],
                };
            }
        }
    }
}
