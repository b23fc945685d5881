using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PryvBus.Shared.Logging;

namespace PryvBus.Follower.Extensions;

/// <summary>
/// Runs the follower's host to its exit code: 0 when stopped (SIGTERM, Ctrl-C); when the host could not start or a
/// loop stopped it with an error (the metrics port in use, …), one line on stderr and the code of
/// <see cref="StartupFailure"/>. Without this, a loop that failed would stop the host with exit code 0.
/// </summary>
public static class HostExit
{
    public static async Task<int> RunAsync(IHost host, TextWriter error, int? metricsPort)
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
        var what = code == StartupFailure.Listen ? $"cannot listen on the metrics port {metricsPort}" : "stopped";
        await error.WriteLineAsync($"pryvbus-follower: {what}: {StartupFailure.Describe(failure)}");
        return code;
    }
}
