using System.ComponentModel;
using System.Runtime.InteropServices;
using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// What one thread switch costs on this machine in CPU: two threads hand a byte to each other through pipes, the first
/// sleeping 0.5 ms between hand-offs (so that each wakes from sleep, as a follower's threads do between the steps of a
/// change); both threads' CPU (<c>getrusage(RUSAGE_THREAD)</c>: the writes that wake, the reads that wait, the sleeps and
/// the switches themselves) divided by their voluntary switches. A change takes about thirty (the propagation rows'
/// count); bare metal prices each at one or two µs, a virtual machine whose halted cores must be woken by the host at
/// many times that.
/// </summary>
internal static partial class SwitchFloor
{
    private const int RusageThread = 1;
    private const int HandOffs = 300;

    /// <summary>µs of CPU per voluntary switch, one value per sample of <see cref="HandOffs"/> hand-offs.</summary>
    public static Percentiles Measure(int samples) => new(Enumerable.Range(0, samples).Select(_ => Sample()));

    private static unsafe double Sample()
    {
        var there = stackalloc int[2];
        var back = stackalloc int[2];
        if (Pipe(there) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "pipe of the switch floor");
        }

        if (Pipe(back) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            _ = Close(there[0]);
            _ = Close(there[1]);
            throw new Win32Exception(error, "pipe of the switch floor");
        }

        var (thereRead, thereWrite, backRead, backWrite) = (there[0], there[1], back[0], back[1]);
        var echo = (Cpu: 0.0, Switches: 0L);

        // Each thread closes the ends it uses when it is done, so that the other sees end of file and neither writes to a
        // descriptor closed (and its number reused) under it.
        var echoer = new Thread(() =>
        {
            try
            {
                var start = Usage();
                var b = stackalloc byte[1];
                for (var i = 0; i < HandOffs && Read(thereRead, b, 1) == 1 && Write(backWrite, b, 1) == 1; i++)
                {
                    // one hand-off back
                }

                var end = Usage();
                echo = (end.Cpu - start.Cpu, end.Switches - start.Switches);
            }
            finally
            {
                _ = Close(thereRead);
                _ = Close(backWrite);
            }
        }) { IsBackground = true, Name = "switch floor" };
        try
        {
            echoer.Start();
            var started = Usage();
            var one = stackalloc byte[1];
            for (var i = 0; i < HandOffs; i++)
            {
                _ = Usleep(500);
                if (Write(thereWrite, one, 1) != 1 || Read(backRead, one, 1) != 1)
                {
                    throw new InvalidOperationException("the switch floor's pipe failed");
                }
            }

            var ended = Usage();
            echoer.Join();
            var switches = ended.Switches - started.Switches + echo.Switches;
            return switches > 0 ? (ended.Cpu - started.Cpu + echo.Cpu) / switches : throw new InvalidOperationException("no thread switched");
        }
        finally
        {
            _ = Close(thereWrite);
            if (echoer.ThreadState != ThreadState.Unstarted)
            {
                echoer.Join();
            }
            else
            {
                _ = Close(thereRead);
                _ = Close(backWrite);
            }

            _ = Close(backRead);
        }
    }

    /// <summary>The calling thread's CPU (µs, user + system) and voluntary switches so far.</summary>
    private static unsafe (double Cpu, long Switches) Usage()
    {
        var usage = stackalloc long[18]; // two timevals (four longs), then fourteen counters: ru_nvcsw is the 17th long
        return GetRusage(RusageThread, usage) == 0
            ? ((usage[0] * 1e6) + usage[1] + (usage[2] * 1e6) + usage[3], usage[16])
            : throw new Win32Exception(Marshal.GetLastPInvokeError(), "getrusage of the calling thread");
    }

    [LibraryImport("libc", EntryPoint = "pipe", SetLastError = true)]
    private static unsafe partial int Pipe(int* fds);

    [LibraryImport("libc", EntryPoint = "read")]
    private static unsafe partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write")]
    private static unsafe partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "usleep")]
    private static partial int Usleep(uint microseconds);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static unsafe partial int GetRusage(int who, long* usage);
}
