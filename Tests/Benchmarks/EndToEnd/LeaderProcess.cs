using System.Diagnostics;
using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// The real leader service, <c>pryvbus-leader run --config …</c>: the Native AOT executable named by
/// <c>PRYVBUS_BENCH_LEADER</c>, else <c>dotnet pryvbus-leader.dll</c> from the build of the same configuration as the
/// benchmark (<see cref="RepoPaths.LeaderCommand"/>), through <c>sh -c exec</c> (its output to a file, the pid its own).
/// Stopped on dispose as a service manager stops it (SIGTERM), killed if it has not exited within 30 s: a leader run
/// under a profiler (<c>PRYVBUS_BENCH_LEADER</c> naming a script that starts <c>valgrind --tool=callgrind</c>, see
/// docs/performance.md) writes its profile as it exits.
/// </summary>
internal sealed class LeaderProcess : IDisposable
{
    private LeaderProcess(Process process) => Process = process;

    public Process Process { get; }

    public static LeaderProcess Start(string configPath, string logPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in (string[])["-c", "exec \"$@\" >\"$0\" 2>&1", logPath, .. RepoPaths.LeaderCommand, "run", "--config", configPath])
        {
            info.ArgumentList.Add(argument);
        }

        return new LeaderProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start the leader"));
    }

    public void Dispose()
    {
        if (!Process.HasExited && Signal.Terminate(Process.Id))
        {
            Process.WaitForExit(TimeSpan.FromSeconds(30));
        }

        if (!Process.HasExited)
        {
            Process.Kill();
            Process.WaitForExit();
        }

        Process.Dispose();
    }
}
