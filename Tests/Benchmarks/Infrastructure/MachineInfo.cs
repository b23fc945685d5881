using System.Globalization;
using System.Runtime.InteropServices;

namespace PryvBus.Benchmarks.Infrastructure;

/// <summary>The machine a run was made on, as printed above the results.</summary>
internal static class MachineInfo
{
    public static IReadOnlyList<(string Name, string Value)> Describe(string redisVersion)
    {
        var cpu = ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var memKb = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var memory = memKb is null ? "?" : string.Create(CultureInfo.InvariantCulture, $"{long.Parse(memKb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0:F1} GiB");
        var os = ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"') ?? "?";
        return
        [
            ("CPU", $"{cpu} × {Environment.ProcessorCount} (nproc)"),
            ("memory", memory),
            ("OS / kernel", $"{os} / {ReadLines("/proc/sys/kernel/osrelease").FirstOrDefault() ?? "?"}"),
            (".NET", $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.ProcessArchitecture}), workstation GC"),
            ("follower processes", RepoPaths.FollowerBuild),
            ("leader process", RepoPaths.LeaderBuild),
            ("Redis", $"redis-server {redisVersion}, loopback, no persistence"),
            ("file system of the follower roots", FileSystemOf(RepoPaths.Work)),
            ("date", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)),
        ];
    }

    /// <summary>The longest mount point above <paramref name="path"/>: device and type (fsync costs depend on them).</summary>
    private static string FileSystemOf(string path)
    {
        var best = ReadLines("/proc/mounts")
            .Select(l => l.Split(' '))
            .Where(f => f.Length > 2 && path.StartsWith(f[1], StringComparison.Ordinal))
            .MaxBy(f => f[1].Length);
        return best is null ? "?" : $"{best[2]} ({best[0]} on {best[1]})";
    }

    private static string[] ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return [];
        }
    }
}
