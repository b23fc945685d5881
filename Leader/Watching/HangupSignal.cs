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
    private const long SigIgn = 1;

    /// <summary><c>struct sigaction</c> is 152 bytes in glibc on x86-64 and arm64 (fewer in musl), its handler first.</summary>
    private const int ActionSize = 256;

    /// <summary>
    /// Sets <c>SIGHUP</c> back to its default when it is ignored, before the leader registers its handler (which then
    /// replaces the default: a hangup never stops the leader); true when it was ignored. Nothing else is changed.
    /// </summary>
    public unsafe bool TakeBack()
    {
        var old = stackalloc byte[ActionSize];
        if (Sigaction(SigHup, null, old) != 0 || *(long*)old != SigIgn)
        {
            return false;
        }

        var byDefault = stackalloc byte[ActionSize]; // SIG_DFL (0), an empty mask, no flags
        new Span<byte>(byDefault, ActionSize).Clear();
        return Sigaction(SigHup, byDefault, null) == 0;
    }

    [LibraryImport("libc", EntryPoint = "sigaction", SetLastError = true)]
    private static unsafe partial int Sigaction(int signal, byte* action, byte* old);
}
