using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// What one page fault costs on this machine: the first write to each page of a fresh anonymous mapping (huge pages
/// refused, so each page faults once), timed on the calling thread and divided by the faults the kernel counted for
/// it (<c>getrusage(RUSAGE_THREAD)</c>). A process's start is mostly such faults (the loader's pointer fixups, a fresh
/// heap, thread stacks), and a virtual machine can make them many times dearer than bare metal does: the start rows
/// carry their count, this their price.
/// </summary>
internal static partial class PageFaultFloor
{
    private const int Pages = 1024;
    private const int ProtReadWrite = 0x1 | 0x2;
    private const int MapPrivateAnonymous = 0x02 | 0x20;
    private const int MadviseNoHugePage = 15;
    private const int RusageThread = 1;

    /// <summary>The first write to a fresh page, in microseconds per fault: one value per mapping of <see cref="Pages"/> pages.</summary>
    public static Percentiles Measure(int samples) => new(Enumerable.Range(0, samples).Select(_ => Sample()));

    private static unsafe double Sample()
    {
        var page = Environment.SystemPageSize;
        var length = (nuint)(Pages * page);
        var address = Mmap(0, length, ProtReadWrite, MapPrivateAnonymous, -1, 0);
        if (address == -1)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "mmap of the page-fault floor's mapping");
        }

        try
        {
            // Where transparent huge pages are "always", the mapping would otherwise take a few faults, not one per page.
            _ = Madvise(address, length, MadviseNoHugePage);
            var bytes = (byte*)address;
            var faults = MinorFaults();
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < Pages; i++)
            {
                bytes[(long)i * page] = 1;
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            var taken = MinorFaults() - faults;
            return taken > 0
                ? elapsed.TotalMicroseconds / taken
                : throw new InvalidOperationException("writing to a fresh mapping took no page fault");
        }
        finally
        {
            _ = Munmap(address, length);
        }
    }

    /// <summary>The calling thread's minor page faults so far (<c>ru_minflt</c>, after two <c>timeval</c>s and four counters).</summary>
    private static unsafe long MinorFaults()
    {
        var usage = stackalloc long[18];
        return GetRusage(RusageThread, usage) == 0
            ? usage[8]
            : throw new Win32Exception(Marshal.GetLastPInvokeError(), "getrusage of the calling thread");
    }

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(nint address, nuint length);

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static unsafe partial int GetRusage(int who, long* usage);
}
