using System.Diagnostics;

namespace PryvBus.Benchmarks.Infrastructure;

/// <summary>The installed redis-server's version (<c>redis-server --version</c>).</summary>
internal static class RedisVersion
{
    public static string Installed()
    {
        var info = new ProcessStartInfo("redis-server", "--version") { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(info);
        var text = process?.StandardOutput.ReadToEnd() ?? string.Empty;
        process?.WaitForExit();
        var version = text.Split(' ').FirstOrDefault(p => p.StartsWith("v=", StringComparison.Ordinal));
        return version?[2..] ?? "?";
    }
}
