using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PryvBus.Shared.Logging;

/// <summary>
/// Runs a program's host (leader or follower) to its exit code: 0 when stopped (SIGTERM, Ctrl-C); when the host could
/// not start or a background loop stopped it with an error (a port in use, a loop that faulted, …), one line on stderr
/// and the code of <see cref="StartupFailure"/>. Without this, a loop that failed would stop the host with exit code 0
/// and nothing said (the host's own error category is muted).
/// </summary>
public static class HostExit
{
    /// <param name="host">The built host; disposed by the run.</param>
    /// <param name="error">Where the one line goes (stderr).</param>
    /// <param name="program">pryvbus-leader or pryvbus-follower: the line's first word.</param>
    /// <param name="listening">What the program listens on, for the "cannot listen on …" line.</param>
    public static async Task<int> RunAsync(IHost host, TextWriter error, string program, string listening)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(error);
        // Taken before the run: RunAsync disposes the host and its services.
        var loops = host.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        Exception? failure;
        try
        {
            await host.RunAsync();
            failure = loops.Select(s => s.ExecuteTask?.Exception?.GetBaseException()).FirstOrDefault(e => e is not null);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        if (failure is null)
        {
            return 0;
        }

        var code = StartupFailure.ExitCode(failure);
        var what = code == StartupFailure.Listen ? $"cannot listen on {listening}" : "stopped";
        await error.WriteLineAsync($"{program}: {what}: {StartupFailure.Describe(failure)}");
        return code;
    }
}
