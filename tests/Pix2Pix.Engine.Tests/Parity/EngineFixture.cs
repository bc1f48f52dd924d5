using Pix2Pix.Engine.Tests.Support;

namespace Pix2Pix.Engine.Tests.Parity;

/// <summary>The PyTorch reference values written by tools/make_engine_reference.py, loaded once.</summary>
internal static class EngineFixture
{
    private static readonly Lazy<FixtureSet> s_set = new(() => new FixtureSet(FixtureSet.FixturePath("engine", "engine.json")));

    public static FixtureSet Set => s_set.Value;
}
