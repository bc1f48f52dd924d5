namespace Pix2Pix.Gan.Options;

/// <summary>A flag value out of its range, or flags that do not go together: a wrong command line (the CLI exits 2).</summary>
internal sealed class OptionsException : ArgumentException
{
    public OptionsException(string message)
        : base(message)
    {
    }

    public OptionsException()
    {
    }

    public OptionsException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
