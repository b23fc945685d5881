using Microsoft.Extensions.Logging;
using PryvBus.Follower.Logging;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Logging;
using StackExchange.Redis;

namespace PryvBus.Follower.Receiving;

/// <summary>
/// The fallback for pub/sub, which drops messages while disconnected: asks for a sync every poll interval
/// (with jitter) and right after every (re)connection.
/// </summary>
public sealed class SerialPoller(
    FollowerSettings settings, IConnectionMultiplexer redis, SyncSignal signal, ILogger<SerialPoller> logger, BackendOutage? redisOutage = null)
{
    public async Task RunAsync(CancellationToken ct)
    {
        redis.ConnectionRestored += OnRestored;
        redis.ConnectionFailed += OnFailed;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(NextInterval(), ct);
                signal.Request();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            redis.ConnectionRestored -= OnRestored;
            redis.ConnectionFailed -= OnFailed;
        }
    }

    private TimeSpan NextInterval()
    {
        var spread = ((Random.Shared.NextDouble() * 2) - 1) * settings.PollJitter;
        return settings.PollInterval * (1 + spread);
    }

    private void OnRestored(object? sender, ConnectionFailedEventArgs e)
    {
        // Only the interactive connection carries reads; the subscription connection is restored separately.
        if (e.ConnectionType == ConnectionType.Interactive)
        {
            if (redisOutage is null)
            {
                FollowerLog.ConnectionRestored(logger, e.EndPoint?.ToString() ?? "?");
            }
            else
            {
                redisOutage.Succeeded("connection " + e.EndPoint);
            }
        }

        signal.Request();
    }

    private void OnFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Interactive)
        {
            if (redisOutage is null)
            {
                FollowerLog.ConnectionFailed(logger, e.EndPoint?.ToString() ?? "?", e.FailureType.ToString());
            }
            else
            {
                redisOutage.Failed("connection " + e.EndPoint, e.FailureType.ToString());
            }
        }
    }
}
