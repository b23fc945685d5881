using System.Globalization;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// How many times the threads of a process have left a core so far: the sum over <c>/proc/{pid}/task/*/status</c> of
/// <c>voluntary_ctxt_switches</c> (a thread went to sleep: it waits for a wake-up, a hand-off from another thread or an
/// answer) and <c>nonvoluntary_ctxt_switches</c> (preempted). Threads that exited are not counted. Unlike CPU time, the
/// count hardly depends on how busy or slow the machine is that day: it counts the hand-offs a change costs.
/// </summary>
internal static class ProcessSwitches
{
    public static long Count(int pid)
    {
        long total = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task"))
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)
                        || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        total += long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim(), CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The thread exited meanwhile.
            }
        }

        return total;
    }
}
