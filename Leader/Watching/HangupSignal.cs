using System.Runtime.InteropServices;

namespace PryvBus.Leader.Watching;

/// <summary>
/// <c>SIGHUP</c> as the leader's executable takes it: a request for a pass, also when the leader was started with
/// <c>SIGHUP</c> ignored (<c>nohup</c>, <c>trap '' HUP</c>, a supervisor's setting). .NET keeps a signal that was ignored
/// at its registration ignored, and the registration then never runs: an operator's <c>kill -HUP</c> would do nothing,
/// silently. Registered by the executable only: it changes the process's disposition of <c>SIGHUP</c>, which a process
/// hosting leaders for tests keeps as it found it.
/// </summary>
public sealed partial class HangupSignal
{
    private const int SigHup = 1;
    private const long SigDfl = 0;
    private const long SigIgn = 1;

    /// <summary><c>struct sigaction</c>: 152 bytes in glibc and musl on x86-64 and arm64, its handler first.</summary>
    private const int ActionSize = 256;

    /// <summary>
    /// Sets <c>SIGHUP</c> back to its default when it is ignored, before the leader registers its handler (which then
    /// replaces the default: a hangup never stops the leader). Null when it was not ignored; else what sets it ignored
    /// again, to dispose of once the handler is gone: .NET then puts back the default it found, and a hangup between that
    /// and the exit would end the leader, killed by the signal. Nothing else is changed. A hangup in the microseconds
    /// between this and the registration ends the leader too, as it would any program not started with it ignored.
    /// </summary>
    public IDisposable? TakeBack() => Set(SigHup, from: SigIgn, to: SigDfl) ? new Ignored() : null;

    private static unsafe bool Set(int signal, long from, long to)
    {
        var old = stackalloc byte[ActionSize];
        if (Sigaction(signal, null, old) != 0 || *(long*)old != from)
        {
            return false;
        }

        var action = stackalloc byte[ActionSize]; // the handler, an empty mask, no flags
        new Span<byte>(action, ActionSize).Clear();
        *(long*)action = to;
        return Sigaction(signal, action, null) == 0;
    }

    [LibraryImport("libc", EntryPoint = "sigaction")]
    private static unsafe partial int Sigaction(int signal, byte* action, byte* old);

    /// <summary>Sets <c>SIGHUP</c> ignored again when it is at its default (the handler gone), once.</summary>
    private sealed class Ignored : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Set(SigHup, from: SigDfl, to: SigIgn);
            }
        }
    }
}
