using System.Globalization;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// The page faults a process has taken so far, minor and major, every thread's (<c>/proc/{pid}/stat</c>'s 10th and 12th
/// fields; the name before them, in parentheses, may hold spaces). A minor fault is the first touch of a page the process
/// had not touched yet (fresh memory, a copy on write): a few tenths of a µs on bare metal, ten µs on some VMs, so the
/// count says what a change or a start costs there (the floor's page-fault row gives the price).
/// </summary>
internal static class ProcessFaults
{
    public static long Count(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], CultureInfo.InvariantCulture) + long.Parse(fields[9], CultureInfo.InvariantCulture);
    }
}
