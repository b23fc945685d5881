using System.ComponentModel;
using System.Runtime.InteropServices;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// The CPU time a process has used so far, every thread counted, the exited ones included: its process CPU-time clock
/// (<c>clock_getcpuclockid</c>, <c>clock_gettime</c>), in nanoseconds, where <c>/proc/{pid}/stat</c> counts 10 ms ticks;
/// or the calling thread's (<see cref="ThreadSeconds"/>).
/// </summary>
internal static partial class ProcessCpu
{
    /// <summary>Seconds of user and system time of process <paramref name="pid"/>.</summary>
    /// <exception cref="Win32Exception">The process is gone or its clock cannot be read.</exception>
    public static double Seconds(int pid)
    {
        var error = ClockGetCpuClockId(pid, out var clock);
        if (error != 0 || ClockGetTime(clock, out var time) != 0)
        {
            throw new Win32Exception(error != 0 ? error : Marshal.GetLastPInvokeError(), $"the CPU clock of process {pid}");
        }

        return time.Seconds + (time.Nanoseconds / 1e9);
    }

    /// <summary>Seconds of user and system time of the calling thread (<c>CLOCK_THREAD_CPUTIME_ID</c>).</summary>
    /// <exception cref="Win32Exception">The clock cannot be read.</exception>
    public static double ThreadSeconds()
    {
        if (ClockGetTime(ThreadCpuClock, out var time) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "the calling thread's CPU clock");
        }

        return time.Seconds + (time.Nanoseconds / 1e9);
    }

    private const int ThreadCpuClock = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>Returns an error number (not errno).</summary>
    [LibraryImport("libc", EntryPoint = "clock_getcpuclockid")]
    private static partial int ClockGetCpuClockId(int pid, out int clock);

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
