using System.Globalization;
using System.Text;

namespace Pix2Pix.Cli;

/// <summary>Where training is, for the progress bar.</summary>
internal readonly record struct ProgressState(int Epoch, int LastEpoch, int Batch, int Batches, TimeSpan Eta, IReadOnlyList<KeyValuePair<string, float>> Losses);

/// <summary>
/// The training progress line as a pure function of the state and the terminal width:
/// <c>epoch 3/200 [######....] 120/400 ETA 01:02:03 G_GAN 0.812 G_L1 14.203 …</c>. The line is at most width − 1
/// characters (a character in the last column makes some terminals wrap on the next write), losses are left out from the
/// end when they do not fit, the bar shrinks to 10 cells and then goes, and below that the text is cut.
/// </summary>
internal static class ProgressBar
{
    private const int MinBar = 10, MaxBar = 30;

    public static string Render(in ProgressState state, int width)
    {
        int room = Math.Max(0, width - 1);
        string head = string.Create(CultureInfo.InvariantCulture, $"epoch {state.Epoch}/{state.LastEpoch}");
        var eta = state.Eta < TimeSpan.Zero ? TimeSpan.Zero : state.Eta;
        string tail = string.Create(CultureInfo.InvariantCulture, $" {state.Batch}/{state.Batches} ETA {(long)eta.TotalHours:D2}:{eta.Minutes:D2}:{eta.Seconds:D2}");
        int fixedLength = head.Length + 3 + tail.Length;   // " [" and "]" around the bar
        if (room < fixedLength + MinBar)
        {
            string plain = head + tail;
            return plain.Length <= room ? plain : plain[..room];
        }
        var losses = new StringBuilder();
        int spare = room - fixedLength - MinBar;
        foreach (var (name, value) in state.Losses)
        {
            string part = string.Create(CultureInfo.InvariantCulture, $" {name} {value:F3}");
            if (losses.Length + part.Length > spare)
                break;
            losses.Append(part);
        }
        int bar = Math.Min(MaxBar, MinBar + spare - losses.Length);
        int filled = state.Batches <= 0 ? 0 : (int)((long)bar * Math.Clamp(state.Batch, 0, state.Batches) / state.Batches);
        var sb = new StringBuilder(room);
        sb.Append(head).Append(" [").Append('#', filled).Append('.', bar - filled).Append(']').Append(tail).Append(losses);
        return sb.ToString();
    }
}
