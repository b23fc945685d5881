using Prometheus;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Rollout;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Status;
using StackExchange.Redis;

namespace PryvBus.Leader.Api;

/// <summary>
/// The leader's Prometheus metrics, in a registry of its own (tests get fresh ones): renders and failures, versions
/// stored, events published, rollout transitions, and at every scrape each follower's lag in serials read from Redis.
/// </summary>
public sealed class LeaderMetrics : IRolloutObserver
{
    private readonly Counter _renders;
    private readonly Counter _stored;
    private readonly Counter _published;
    private readonly Gauge _lag;
    private readonly Counter _rollouts;
    private readonly Gauge _serial;
    private readonly Counter _auditFailures;
    private HashSet<(string Id, string Role)> _followers = [];

    public LeaderMetrics()
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        _renders = factory.CreateCounter("pryvbus_leader_renders_total", "Role renders by result (ok, failed).", "role", "result");
        _stored = factory.CreateCounter("pryvbus_leader_versions_stored_total", "New versions stored.", "role");
        _published = factory.CreateCounter("pryvbus_leader_events_published_total", "Events published on the channel.", "type");
        _lag = factory.CreateGauge("pryvbus_leader_follower_lag_serials", "Serials a follower is behind its role's current one (-1: never seen).", "follower", "role");
        _rollouts = factory.CreateCounter("pryvbus_leader_rollouts_total", "Rollout transitions by role (started, halted, completed, wave admitted…).", "role", "transition");
        _serial = factory.CreateGauge("pryvbus_leader_current_serial", "Current serial of each role.", "role");
        _auditFailures = factory.CreateCounter("pryvbus_leader_audit_write_failures_total", "Audit entries that could not be written to Redis (kept in the state folder's pending file when possible).");
    }

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public void Observe(RoleReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _renders.WithLabels(report.Role, report.Failed ? "failed" : "ok").Inc();
        if (report.Stored)
        {
            _stored.WithLabels(report.Role).Inc();
            _published.WithLabels("config").Inc();
        }
    }

    public void AuditWriteFailed() => _auditFailures.Inc();

    public void EventPublished(string type) => _published.WithLabels(type).Inc();

    public void Transition(string role, string transition) => _rollouts.WithLabels(role, transition).Inc();

    /// <summary>Reads the followers' state from Redis before every scrape (a rejected status hash is logged to <paramref name="logger"/>).</summary>
    public void TrackFollowers(Func<LeaderSettings> settings, IConnectionMultiplexer redis, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var reader = new ConvergenceReader(redis, logger);
        Registry.AddBeforeCollectCallback(async _ =>
        {
            try
            {
                var rows = await reader.ReadAsync(settings());
                var seen = rows.Select(r => (r.Id, r.Role)).ToHashSet();
                foreach (var gone in _followers.Except(seen))
                {
                    _lag.RemoveLabelled(gone.Id, gone.Role);
                }

                _followers = seen;
                foreach (var row in rows)
                {
                    _lag.WithLabels(row.Id, row.Role).Set(row.NeverSeen ? -1 : row.Lag ?? -1);
                    if (row.Current is { } current)
                    {
                        _serial.WithLabels(row.Role).Set(current);
                    }
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Redis away: the scrape still answers with the counters; /health says what is wrong.
            }
        });
    }
}
