using System.Runtime.InteropServices;

namespace PryvBus.Benchmarks.Infrastructure;

/// <summary>
/// Signals sent as an operator's <c>kill</c> sends them, from this process: no <c>kill</c> program started between the
/// stamp taken before a SIGHUP and the signal.
/// </summary>
internal static partial class Signal
{
    private const int SigHup = 1;
    private const int SigTerm = 15;

    public static void Hangup(int pid)
    {
        if (Kill(pid, SigHup) != 0)
        {
            throw new InvalidOperationException($"kill -HUP {pid}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>SIGTERM; false when it could not be sent (the process is gone).</summary>
    public static bool Terminate(int pid) => Kill(pid, SigTerm) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
