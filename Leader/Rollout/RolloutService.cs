using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Logging;
using StackExchange.Redis;

namespace PryvBus.Leader.Rollout;

/// <summary>
/// Steps the rollout of every role with a policy every <paramref name="interval"/> (default 2 s); removes the admission
/// of a role whose policy was removed, so its followers apply every version at once again. A failed step is logged and
/// tried again on the next tick (a Redis outage never stops the loop, and is not logged here: the leader's loop
/// reports it once).
/// </summary>
public sealed class RolloutService(
    SettingsProvider settings, IConnectionMultiplexer redis, ILogger<RolloutService> logger, IRolloutObserver? observer = null, TimeSpan? interval = null)
    : BackgroundService
{
    private readonly RolloutDriver _driver = new(redis, logger, observer: observer);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval ?? TimeSpan.FromSeconds(2));
        do
        {
            await StepAllAsync(settings.Current);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task StepAllAsync(LeaderSettings current)
    {
        ArgumentNullException.ThrowIfNull(current);
        foreach (var role in current.Roles())
        {
            try
            {
                if (current.Rollout.TryGetValue(role, out var policy))
                {
                    await _driver.StepAsync(current, role, policy);
                }
                else
                {
                    await redis.GetDatabase().KeyDeleteAsync([current.Keys.Admission(role), current.Keys.Rollout(role)]);
                }
            }
            catch (Exception ex) when (RedisFailure.IsOutage(ex))
            {
                // The leader's loop reports a Redis outage once (and its end); the next tick tries again.
                return;
            }
            catch (Exception ex) when (ex is RedisException or InvalidOperationException or TimeoutException)
            {
                RolloutLog.StepFailed(logger, role, LogText.Escape(ex.Message));
            }
        }
    }
}
