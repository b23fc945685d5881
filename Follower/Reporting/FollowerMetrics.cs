using Prometheus;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Containers;

namespace PryvBus.Follower.Reporting;

/// <summary>
/// The follower's Prometheus metrics, in a registry of its own, served on a loopback port when
/// <c>metricsPort</c> is set (off by default): applies, files written and deleted, rejections, container restarts.
/// </summary>
public sealed class FollowerMetrics
{
    private readonly Histogram _applyDuration;
    private readonly Counter _filesWritten;
    private readonly Counter _filesDeleted;
    private readonly Counter _rejected;
    private readonly Counter _restarts;
    private readonly Gauge _appliedSerial;

    public FollowerMetrics()
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        _applyDuration = factory.CreateHistogram(
            "pryvbus_follower_apply_duration_seconds",
            "Time to plan and write one version (fsyncs included).",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) });
        _filesWritten = factory.CreateCounter("pryvbus_follower_files_written_total", "Files written (changed content).");
        _filesDeleted = factory.CreateCounter("pryvbus_follower_files_deleted_total", "Files deleted (gone from the version).");
        _rejected = factory.CreateCounter("pryvbus_follower_versions_rejected_total", "Versions rejected (digest, signature or path).");
        _restarts = factory.CreateCounter("pryvbus_follower_container_restarts_total", "Container restarts by component and outcome.", "component", "outcome");
        _appliedSerial = factory.CreateGauge("pryvbus_follower_applied_serial", "Serial of the applied version.");
    }

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public void Applied(ApplyResult result, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(result);
        _applyDuration.Observe(duration.TotalSeconds);
        _filesWritten.Inc(result.Written.Count);
        _filesDeleted.Inc(result.Deleted.Count);
        _appliedSerial.Set(result.Serial);
    }

    public void Rejected() => _rejected.Inc();

    public void Restarted(IEnumerable<ComponentRestartResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        foreach (var result in results)
        {
            _restarts.WithLabels(result.Component, result.Outcome.ToString().ToLowerInvariant()).Inc();
        }
    }

    /// <summary>Serves <c>http://127.0.0.1:{port}/metrics</c>; dispose the result to stop.</summary>
    public IDisposable Serve(int port) => new MetricServer("127.0.0.1", port, "metrics/", Registry).Start();
}
