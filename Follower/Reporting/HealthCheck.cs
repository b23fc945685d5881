using System.Globalization;
using PryvBus.Follower.Settings;
using PryvBus.Shared;
using PryvBus.Shared.Settings;
using PryvBus.Shared.Status;
using StackExchange.Redis;

namespace PryvBus.Follower.Reporting;

/// <summary>
/// <c>pryvbus-follower --health</c>: exit 0 when the running follower refreshed its status hash recently (it does on
/// every poll, so a follower that cannot reach Redis or is stuck goes stale), 1 otherwise. Made for container health
/// checks; it reads with the follower's own Redis user, which may read its own hash.
/// </summary>
public static class HealthCheck
{
    public static async Task<int> RunAsync(FollowerSettings settings, TextWriter output, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        var options = OneShotConnect.Apply(settings.Redis.ToOptions());
        options.ClientName = "pryvbus-follower-health";
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
            var updated = await redis.GetDatabase().HashGetAsync(settings.Keys.Follower(settings.Id), StatusFields.Updated);
            var (healthy, reason) = Judge(updated, (time ?? TimeProvider.System).GetUtcNow(), MaxAge(settings));
            await output.WriteLineAsync(reason);
            return healthy ? 0 : 1;
        }
        catch (RedisException ex)
        {
            await output.WriteLineAsync($"Redis ({settings.Redis}): {ex.Message}");
            return 1;
        }
    }

    /// <summary>Two poll intervals at their longest, plus time for one slow round trip.</summary>
    public static TimeSpan MaxAge(FollowerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return (settings.PollInterval * (1 + settings.PollJitter) * 2) + TimeSpan.FromSeconds(15);
    }

    public static (bool Healthy, string Reason) Judge(string? updated, DateTimeOffset now, TimeSpan maxAge)
    {
        if (string.IsNullOrEmpty(updated))
        {
            return (false, "no status reported yet");
        }

        if (!DateTimeOffset.TryParse(updated, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return (false, $"unreadable status time '{updated}'");
        }

        var age = now - at;
        return age <= maxAge
            ? (true, $"status updated {age.TotalSeconds:0} s ago")
            : (false, $"status not updated for {age.TotalSeconds:0} s (more than {maxAge.TotalSeconds:0} s)");
    }
}
