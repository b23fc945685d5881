using System.Globalization;
using Microsoft.Extensions.Logging;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Reporting;
using PryvBus.Shared.Status;
using PryvBus.Shared.Versions;

namespace PryvBus.Follower.Agent;

/// <summary>
/// After components were restarted, recreated or reloaded: each must become healthy (<see cref="DockerRestarter.HealthProblemAsync"/>)
/// within its window and stay so for its soak time (<see cref="ComponentHealth"/>, from the signed <c>components</c> field).
/// Writes <c>health</c>, <c>healthSerial</c>, <c>healthGeneration</c>, <c>healthySince</c> and <c>health:{component}</c>
/// into the status hash as it goes. Cancelling <c>ct</c> (newer work) ends the watch without a verdict.
/// </summary>
public sealed class HealthGate(DockerRestarter docker, StatusReporter reporter, ConfigApplier applier, ILogger<HealthGate> logger, TimeProvider? time = null)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private const int MaxReason = 500;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<HealthVerdict> WatchAsync(IReadOnlyCollection<string> components, IReadOnlyDictionary<string, ComponentSpec> specs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(specs);
        var applied = applier.ReadApplied();
        var (serial, generation, sha) = (applied?.Serial ?? 0, applied?.Generation ?? 0, applied?.Sha256 ?? string.Empty);
        var names = components.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        HealthLog.Watching(logger, string.Join(',', names), serial);
        var started = _time.GetUtcNow();
        var since = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [StatusFields.Health] = HealthValues.Waiting,
            [StatusFields.HealthSerial] = Number(serial),
            [StatusFields.HealthGeneration] = Number(generation),
            [StatusFields.HealthySince] = string.Empty,
        };
        foreach (var name in names)
        {
            since[name] = null;
            fields[StatusFields.HealthPrefix + name] = $"{HealthValues.Waiting} {Stamp(started)}";
        }

        await reporter.ReportFieldsAsync(fields);
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            foreach (var name in names.Where(n => !done.Contains(n)))
            {
                var health = specs.GetValueOrDefault(name)?.Health ?? ComponentHealth.Default;
                var problem = await docker.HealthProblemAsync(name, health, ct);
                var now = _time.GetUtcNow();
                if (problem is null)
                {
                    since[name] ??= now;
                    if (now - since[name]!.Value >= TimeSpan.FromSeconds(health.SoakSeconds))
                    {
                        done.Add(name);
                        await reporter.ReportFieldsAsync(new Dictionary<string, string> { [StatusFields.HealthPrefix + name] = $"{HealthValues.Healthy} {Stamp(now)}" });
                    }

                    continue;
                }

                string? reason = null;
                if (since[name] is not null)
                {
                    reason = "failed during the soak time: " + problem;
                }
                else if (now - started > TimeSpan.FromSeconds(health.WindowSeconds))
                {
                    reason = string.Create(CultureInfo.InvariantCulture, $"not healthy within {health.WindowSeconds} s: {problem}");
                }

                if (reason is not null)
                {
                    return await UnhealthyAsync(serial, generation, sha, name, reason, now);
                }
            }

            if (done.Count == names.Count)
            {
                var healthySince = since.Values.Max()!.Value;
                HealthLog.Healthy(logger, serial, string.Join(',', names));
                await reporter.ReportFieldsAsync(new Dictionary<string, string>
                {
                    [StatusFields.Health] = HealthValues.Healthy,
                    [StatusFields.HealthySince] = Number(healthySince.ToUnixTimeMilliseconds()),
                });
                return new HealthVerdict(serial, generation, sha, null, null);
            }

            await Task.Delay(PollInterval, _time, ct);
        }
    }

    /// <summary>
    /// The health fields of a version about to be applied: waiting, so that a leader never reads the <c>ok</c> of the
    /// apply as healthy before the components it restarts were watched (staged: written with the follower's next status
    /// write, the <c>applying</c> report when the apply writes, at the latest with the apply's final report).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Pending(long generation, long serial) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [StatusFields.Health] = HealthValues.Waiting,
        [StatusFields.HealthSerial] = Number(serial),
        [StatusFields.HealthGeneration] = Number(generation),
        [StatusFields.HealthySince] = string.Empty,
    };

    /// <summary>
    /// The applied version brought no component back (its files changed none, or no container carries them): nothing
    /// to watch, it is healthy from now on.
    /// </summary>
    public Task NothingToWatchAsync()
    {
        var applied = applier.ReadApplied();
        var fields = new Dictionary<string, string>(Pending(applied?.Generation ?? 0, applied?.Serial ?? 0), StringComparer.Ordinal)
        {
            [StatusFields.Health] = HealthValues.Healthy,
            [StatusFields.HealthySince] = Number(_time.GetUtcNow().ToUnixTimeMilliseconds()),
        };
        return reporter.ReportFieldsAsync(fields);
    }

    private async Task<HealthVerdict> UnhealthyAsync(long serial, long generation, string sha, string component, string reason, DateTimeOffset now)
    {
        reason = reason.Length > MaxReason ? reason[..MaxReason] : reason;
        HealthLog.Unhealthy(logger, serial, component, PryvBus.Shared.Logging.LogText.Escape(reason));
        await reporter.ReportFieldsAsync(new Dictionary<string, string>
        {
            [StatusFields.Health] = HealthValues.Unhealthy,
            [StatusFields.HealthPrefix + component] = $"{HealthValues.Unhealthy} {Stamp(now)}: {reason}",
        });
        return new HealthVerdict(serial, generation, sha, component, reason);
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
