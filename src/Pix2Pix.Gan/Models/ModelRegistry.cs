using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Models;

/// <summary>
/// Every <c>--model</c>, in the order help and errors list them. Adding a model = its folder or file (with a
/// <c>Descriptor</c>) + one line here, or <see cref="Register"/> from outside this assembly.
/// </summary>
internal static class ModelRegistry
{
    private static readonly Lock Gate = new();
    private static ModelDescriptor[] _all =
    [
        Pix2PixModel.Descriptor,
        CycleGanModel.Descriptor,
        ColorizationModel.Descriptor,
        TestModel.Descriptor,
        VanillaGanModel.Descriptor,
        ConditionalGanModel.Descriptor,
        DcganModel.Descriptor,
        WganGpModel.Descriptor,
        ClassifierModel.Descriptor,
        ProganModel.Descriptor,
    ];

    /// <summary>The reference's default <c>--model</c> (the base flags' defaults are CycleGAN's).</summary>
    public static string DefaultModel => CycleGanModel.Descriptor.Name;

    public static IReadOnlyList<ModelDescriptor> All => _all;

    public static IReadOnlyList<string> Names => [.. _all.Select(m => m.Name)];

    /// <summary>Every model's own flags, each once, in registry order.</summary>
    public static IReadOnlyList<ModelFlag> Flags => [.. _all.SelectMany(m => m.Flags).Distinct()];

    public static ModelDescriptor? Find(string name) => Array.Find(_all, m => m.Name == name);

    public static ModelDescriptor Get(string name) => Find(name)
        ?? throw new NotSupportedException($"--model {name} is not known; use one of: {string.Join(", ", Names)}.");

    /// <summary>Adds a model (e.g. from a plug-in or a test); registering the same descriptor again does nothing.</summary>
    public static void Register(ModelDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        lock (Gate)
        {
            if (Find(descriptor.Name) is { } existing)
            {
                if (ReferenceEquals(existing, descriptor))
                    return;
                throw new ArgumentException($"A model named '{descriptor.Name}' is already registered; choose another name.", nameof(descriptor));
            }
            _all = [.. _all, descriptor];
        }
    }
}
