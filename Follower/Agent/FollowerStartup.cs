using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PryvBus.Follower.Logging;
using PryvBus.Follower.Receiving;
using PryvBus.Follower.Reporting;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Settings;

namespace PryvBus.Follower.Agent;

/// <summary>
/// Starts before the loops: serves the metrics (a port in use fails the start), logs the startup lines (with a warning
/// when the settings file holding the key is open to others), and asks for
/// the first sync at once, so it repairs the disk and catches up without waiting for an event or a poll.
/// </summary>
public sealed class FollowerStartup(FollowerSettings settings, FollowerMetrics metrics, SyncSignal signal, ILogger<FollowerStartup> logger)
    : IHostedService, IDisposable
{
    private IDisposable? _metricsServer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _metricsServer = settings.MetricsPort is { } port ? metrics.Serve(port) : null;
        FollowerLog.Starting(logger, settings.Id, settings.Role, settings.ConfigRoot, settings.PollInterval.TotalSeconds);
        if (settings.SampleCredentials.Count > 0)
        {
            FollowerLog.SampleCredentialsAccepted(logger, string.Join(", ", settings.SampleCredentials));
        }

        if (RedisTransport.ClearTextEndpoints(settings.Redis.Configuration) is { Count: > 0 } clear)
        {
            FollowerLog.RedisInClearText(logger, string.Join(", ", clear));
        }

        if (settings.OpenFileMode is { } mode)
        {
            FollowerLog.SettingsFileOpen(logger, settings.ConfigPath!, string.Join(", ", settings.CredentialsInFile), mode);
        }

        if (!settings.ComposePolicy.Enabled)
        {
            FollowerLog.ComposePolicyOff(logger, settings.ConfigPath ?? "the settings");
        }

        signal.Request();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _metricsServer?.Dispose();
        _metricsServer = null;
    }
}
