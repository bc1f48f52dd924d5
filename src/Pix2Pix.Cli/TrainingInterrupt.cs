using System.Runtime.InteropServices;

namespace Pix2Pix.Cli;

/// <summary>
/// Ctrl-C and SIGTERM during <c>train</c> (issue 15, item 7): the first asks the trainer to finish its step and save
/// the latest weights and state (it then exits 130); a second one is left to the OS and stops the process at once.
/// </summary>
internal sealed class TrainingInterrupt : IDisposable
{
    private readonly TextWriter _error;
    private readonly PosixSignalRegistration[] _registrations;
    private int _signals;

    public TrainingInterrupt(TextWriter error)
    {
        _error = error;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    /// <summary>Whether a stop was asked for.</summary>
    public bool Requested => Volatile.Read(ref _signals) > 0;

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _signals) > 1)
            return;   // not cancelled: the default action ends the process now
        context.Cancel = true;
        _error.WriteLine($"{context.Signal}: finishing this step and saving the latest weights and training state; send it again to stop at once without saving.");
    }
}
