using PryvBus.Shared.Status;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Logging;
using PryvBus.Follower.Settings;
using PryvBus.Shared;
using StackExchange.Redis;

namespace PryvBus.Follower.Reporting;

/// <summary>
/// Keeps <c>{prefix}:follower:{id}</c> up to date so that <c>redis-cli hgetall</c> shows at a glance whether a
/// follower is behind (<c>serial</c> ≠ <c>wanted</c>) or failing (<c>state</c>, <c>error</c>). Every write sends the
/// whole hash, so a write lost while Redis was down is repaired by the next one.
/// </summary>
public sealed class StatusReporter
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _fields = new(StringComparer.Ordinal);
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKey _key;
    private readonly string _followerId;
    private readonly TimeProvider _time;
    private readonly ILogger<StatusReporter> _logger;

    public StatusReporter(FollowerSettings settings, IConnectionMultiplexer redis, ILogger<StatusReporter> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(redis);
        _redis = redis;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _followerId = settings.Id;
        _key = settings.Keys.Follower(settings.Id);
        _fields[StatusFields.Role] = settings.Role;
        _fields[StatusFields.Host] = Environment.MachineName;
        _fields[StatusFields.Serial] = "0";
        _fields[StatusFields.Generation] = "0";
        _fields[StatusFields.Wanted] = "0";
        _fields[StatusFields.Sha256] = string.Empty;
        _fields[StatusFields.Error] = string.Empty;
        _fields[StatusFields.Restarted] = string.Empty;
        _fields[StatusFields.RestartRequested] = string.Empty;
    }

    /// <param name="state">One of <see cref="FollowerState"/>.</param>
    /// <param name="generation">The applied version's store generation (0 before the first apply).</param>
    /// <param name="serial">The applied serial.</param>
    /// <param name="sha256">The applied version's digest.</param>
    /// <param name="wanted">The leader's current serial, when known.</param>
    /// <param name="error">The problem an operator must see; null when none.</param>
    public Task ReportAsync(string state, long generation, long serial, string? sha256, long? wanted, string? error)
    {
        lock (_lock)
        {
            _fields[StatusFields.State] = state;
            _fields[StatusFields.Generation] = Number(generation);
            _fields[StatusFields.Serial] = Number(serial);
            _fields[StatusFields.Sha256] = sha256 ?? string.Empty;
            if (wanted is not null)
            {
                _fields[StatusFields.Wanted] = Number(wanted.Value);
            }

            _fields[StatusFields.Error] = error ?? string.Empty;
        }

        return FlushAsync();
    }

    public Task ReportRestartAsync(ComponentSelection components, string reason)
    {
        StageRestart(components, reason);
        return FlushAsync();
    }

    /// <summary>Records a restart request without writing it: the report that follows (the apply's) carries it.</summary>
    public void StageRestart(ComponentSelection components, string reason)
    {
        ArgumentNullException.ThrowIfNull(components);
        lock (_lock)
        {
            _fields[StatusFields.RestartRequested] = components.ToString();
            _fields[StatusFields.RestartReason] = reason;
        }
    }

    /// <summary>Records each component's last restart result, and what still waits for Docker.</summary>
    public Task ReportRestartResultsAsync(IReadOnlyList<ComponentRestartResult> results, ComponentSelection pending)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(pending);
        lock (_lock)
        {
            foreach (var result in results)
            {
                var at = result.FinishedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
                var outcome = result.Outcome.ToString().ToLowerInvariant();
                _fields[StatusFields.RestartPrefix + result.Component] = result.Error is null ? $"{outcome} {at}" : $"{outcome} {at}: {result.Error}";
            }

            var done = results.Where(r => r.Succeeded).Select(r => r.Component).ToArray();
            if (done.Length > 0)
            {
                _fields[StatusFields.Restarted] = string.Join(',', done);
                _fields[StatusFields.RestartedAt] = Now();
            }

            _fields[StatusFields.RestartPending] = pending.IsEmpty ? string.Empty : pending.ToString();
        }

        return FlushAsync();
    }

    /// <summary>Sets fields of the hash as given (the compose step's, already bounded) and writes it.</summary>
    public Task ReportFieldsAsync(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        lock (_lock)
        {
            foreach (var (name, value) in fields)
            {
                _fields[name] = value;
            }
        }

        return FlushAsync();
    }

    /// <summary>Sets fields of the hash without writing it: the next report carries them in the same write.</summary>
    public void Stage(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        lock (_lock)
        {
            foreach (var (name, value) in fields)
            {
                _fields[name] = value;
            }
        }
    }

    private Task FlushAsync()
    {
        lock (_lock)
        {
            _fields[StatusFields.Updated] = Now();
            var entries = _fields.Select(f => new HashEntry(f.Key, f.Value)).ToArray();

            // Sent under the lock: commands on one connection keep their order, so writes reach Redis in the order their
            // snapshots were taken and the hash ends with the last one (two reports at once: the sync loop's and the
            // restart worker's, the health gate's or a reload's). Redis's answer is not waited for (fire and forget): no
            // thread is woken to hand it to the reporting loop, one hand-off less per report (docs/performance.md,
            // "Fewer system calls and hand-offs per change"). A write Redis refuses or loses is repaired by the next one
            // (a poll's at the latest); it shows meanwhile as an old `updated`.
            try
            {
                _redis.GetDatabase().HashSetAsync(_key, entries, CommandFlags.FireAndForget);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                FollowerLog.StatusFailed(_logger, ex, _followerId);
            }
        }

        return Task.CompletedTask;
    }

    private string Now() => _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
