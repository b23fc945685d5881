using System.Runtime.InteropServices;

namespace PryvBus.Benchmarks.Infrastructure;

/// <summary>
/// Sends SIGHUP as an operator's <c>kill -HUP</c> does, from this process: no <c>kill</c> program started between the
/// stamp taken before it and the signal.
/// </summary>
internal static partial class Hangup
{
    private const int SigHup = 1;

    public static void Send(int pid)
    {
        if (Kill(pid, SigHup) != 0)
        {
            throw new InvalidOperationException($"kill -HUP {pid}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
