namespace Pix2Pix.Engine.Modules;

/// <summary>Constructor argument checks with messages that name the layer and the argument.</summary>
internal static class LayerChecks
{
    public static void Positive(string layer, params (string Name, int Value)[] args)
    {
        foreach (var (name, value) in args)
            if (value < 1)
                throw new ArgumentOutOfRangeException(name, value, $"{layer}: {name} must be 1 or more but was {value}.");
    }

    public static void NonNegative(string layer, string name, int value)
    {
        if (value < 0)
            throw new ArgumentOutOfRangeException(name, value, $"{layer}: {name} must be 0 or more but was {value}.");
    }
}
