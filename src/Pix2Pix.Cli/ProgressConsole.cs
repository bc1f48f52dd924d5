namespace Pix2Pix.Cli;

/// <summary>
/// A terminal shared by a one-line progress bar (on standard error) and lines of text (on standard output or error):
/// a line first clears the bar (carriage return, erase to end of line), is printed, and then the bar is drawn again
/// below it, so the bar stays the last line and never runs into the text. Safe to call from several threads.
/// </summary>
internal sealed class ProgressConsole(TextWriter output, TextWriter error, Func<int> width) : IDisposable
{
    /// <summary>Carriage return, then erase from the cursor to the end of the line (ECMA-48 EL).</summary>
    internal const string ClearLine = "\r\u001b[K";

    private readonly Lock _lock = new();
    private string? _bar;

    public TextWriter Output => output;

    public TextWriter Error => error;

    public int Width => width();

    /// <summary>The width of the terminal standard error writes to; 80 when it cannot be told.</summary>
    public static int TerminalWidth()
    {
        try
        {
            int w = Console.WindowWidth;
            return w > 0 ? w : 80;
        }
        catch (Exception ex) when (ex is IOException or PlatformNotSupportedException or InvalidOperationException)
        {
            return 80;
        }
    }

    /// <summary>Draws <paramref name="bar"/> over the previous one (it must fit the width: see <see cref="ProgressBar"/>).</summary>
    public void ShowBar(string bar)
    {
        lock (_lock)
        {
            _bar = bar;
            error.Write(ClearLine + bar);
            error.Flush();
        }
    }

    /// <summary>Prints <paramref name="line"/> to <paramref name="target"/> above the bar.</summary>
    public void WriteLine(TextWriter target, string line)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (_lock)
        {
            if (_bar is not null)
            {
                error.Write(ClearLine);
                error.Flush();
            }
            target.WriteLine(line);
            target.Flush();
            if (_bar is not null)
            {
                error.Write(_bar);
                error.Flush();
            }
        }
    }

    /// <summary>Removes the bar, leaving the cursor at the start of an empty line.</summary>
    public void ClearBar()
    {
        lock (_lock)
        {
            if (_bar is null)
                return;
            _bar = null;
            error.Write(ClearLine);
            error.Flush();
        }
    }

    public void Dispose() => ClearBar();
}

/// <summary>A writer whose whole lines go through <see cref="ProgressConsole.WriteLine"/> (for code that takes a TextWriter).</summary>
internal sealed class ProgressConsoleWriter(ProgressConsole console, TextWriter target) : TextWriter
{
    private readonly System.Text.StringBuilder _pending = new();

    public override System.Text.Encoding Encoding => target.Encoding;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            int end = _pending.Length > 0 && _pending[^1] == '\r' ? _pending.Length - 1 : _pending.Length;
            string line = _pending.ToString(0, end);
            _pending.Clear();
            console.WriteLine(target, line);
        }
        else
        {
            _pending.Append(value);
        }
    }

    public override void Write(string? value)
    {
        foreach (char c in value ?? "")
            Write(c);
    }

    public override void WriteLine(string? value)
    {
        Write(value);
        Write('\n');
    }

    /// <summary>Text not yet ended by a newline is printed as a line when the writer closes.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && _pending.Length > 0)
        {
            console.WriteLine(target, _pending.ToString());
            _pending.Clear();
        }
        base.Dispose(disposing);
    }
}
