using System.Globalization;
using System.Runtime.InteropServices;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>Resident memory and CPU time of a process, from <c>/proc/{pid}/status</c> and <c>/proc/{pid}/stat</c>.</summary>
internal readonly partial record struct ProcessSample(long RssBytes, double CpuSeconds)
{
    private const int ScClockTicks = 2;
    private static readonly double TicksPerSecond = SysConf(ScClockTicks);

    public static ProcessSample Of(int pid)
    {
        var rssKb = File.ReadLines($"/proc/{pid}/status")
            .First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];

        // Fields after "(comm)": state is field 3, utime field 14, stime field 15.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return new ProcessSample(long.Parse(rssKb, CultureInfo.InvariantCulture) * 1024, ticks / TicksPerSecond);
    }

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);
}
