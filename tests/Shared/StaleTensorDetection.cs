using System.Runtime.CompilerServices;
using Pix2Pix.Engine;

namespace Pix2Pix.Tests.Shared;

/// <summary>
/// Linked into the Engine, Gan and Cli test projects (each assembly needs its own module initializer).
/// The whole suite runs with stale-tensor detection on (Release builds leave it off): a read of a tensor whose arena
/// recycled its buffer fails the test with a StaleTensorException instead of passing on another tensor's values.
/// </summary>
internal static class StaleTensorDetection
{
#pragma warning disable CA2255 // a module initializer is the one hook that runs before any test of this assembly
    [ModuleInitializer]
    internal static void SwitchOn() => TensorArena.DetectStaleTensors = true;
#pragma warning restore CA2255
}
