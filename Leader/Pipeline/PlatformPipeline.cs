using Microsoft.Extensions.Logging;
using PryvBus.Leader.Publishing;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Shared.Events;
using StackExchange.Redis;

namespace PryvBus.Leader.Pipeline;

/// <summary>
/// The leader's flow for every role: resolve secrets → render → seal new secrets in the state folder
/// (<see cref="PassSecrets"/>) → store (only when the content changed) → publish. A role that fails to render publishes nothing and keeps its current version;
/// the other roles go on.
/// </summary>
public sealed class PlatformPipeline(
    IConnectionMultiplexer redis, ILogger<PlatformPipeline> logger, Func<string, string?>? environment = null, Api.LeaderMetrics? metrics = null)
{
    private const int MaxSecretConflicts = 3;
    private static readonly TimeSpan ReplicaTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The highest serial this leader stored or saw per role ("{prefix}:{role}"): a failover cannot lower it.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _highest = new(StringComparer.Ordinal);
    private readonly TemplateRenderer _renderer = new();

    public async Task<IReadOnlyList<RoleReport>> RunAsync(
        LeaderSettings settings, string reason, IReadOnlyCollection<string>? onlyRoles = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var keys = new RedisKeys(settings.KeyPrefix);
        var secrets = await PassSecrets.OpenAsync(redis, settings, environment ?? Environment.GetEnvironmentVariable, logger);
        var store = new VersionStore(redis, keys, settings.HistoryLength);
        var publisher = new EventPublisher(redis, keys);

        var reports = StrayFolders(settings, onlyRoles).Select(r => new RoleReport(r.Role, r, null, 0)).ToList();
        foreach (var report in reports)
        {
            LeaderLog.StrayFolder(logger, report.Render.Errors[0].File);
            metrics?.Observe(report);
        }

        foreach (var role in settings.Roles().Where(r => onlyRoles is null || onlyRoles.Contains(r)))
        {
            ct.ThrowIfCancellationRequested();
            var report = await RunRoleAsync(settings, role, reason, secrets, store, publisher, ct);
            metrics?.Observe(report);
            reports.Add(report);
        }

        return reports;
    }

    /// <summary>Renders without storing anything: what <c>render --dry-run</c> and <c>describe</c> show.</summary>
    public async Task<IReadOnlyList<(RoleRender Render, SecretResolver Secrets)>> PreviewAsync(
        LeaderSettings settings, IReadOnlyCollection<string>? onlyRoles = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var pass = PassSecrets.ForPreview(redis, settings, environment ?? Environment.GetEnvironmentVariable, logger);
        var result = StrayFolders(settings, onlyRoles).Select(r => (r, SecretResolver.Offline(settings))).ToList();
        foreach (var role in settings.Roles().Where(r => onlyRoles is null || onlyRoles.Contains(r)))
        {
            var secrets = await pass.ResolverAsync(settings, role);
            result.Add((_renderer.Render(settings, role, secrets), secrets));
        }

        return result;
    }

    /// <summary>Folders under <c>data/</c> that are not role names: one failed render each, naming the folder.</summary>
    private static IEnumerable<RoleRender> StrayFolders(LeaderSettings settings, IReadOnlyCollection<string>? onlyRoles) =>
        onlyRoles is null ? settings.StrayFolders().Select(f => TemplateRenderer.NotARole(settings, f)) : [];

    private async Task<RoleReport> RunRoleAsync(
        LeaderSettings settings, string role, string reason, PassSecrets passSecrets, VersionStore store, EventPublisher publisher, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var secrets = await passSecrets.ResolverAsync(settings, role);
            var render = _renderer.Render(settings, role, secrets);
            if (!render.Succeeded)
            {
                LeaderLog.RoleRenderFailed(logger, role, render.Errors.Count, string.Join('\n', render.Errors));
                return new RoleReport(role, render, null, 0);
            }

            var pinned = await redis.GetDatabase().StringGetAsync(new RedisKeys(settings.KeyPrefix).Pin(role));
            if (!pinned.IsNull)
            {
                LeaderLog.RolePinned(logger, role, (long)pinned);
                return new RoleReport(role, render, null, 0) { PinnedAt = (long)pinned };
            }

            var version = render.Version!;
            var (sealProblem, sealConflict) = await passSecrets.SealAsync(settings, role, version);
            if (sealProblem is not null)
            {
                LeaderLog.RoleRenderFailed(logger, role, 1, sealProblem.ToString());
                return new RoleReport(role, render with { Version = null, Errors = [sealProblem] }, null, 0);
            }

            if (sealConflict)
            {
                LeaderLog.SecretConflict(logger, role);
                continue;
            }

            var floor = await FloorAsync(settings, role);
            var result = await store.StoreAsync(version, settings.Followers, reason, floor == 0 ? 0 : floor + 1, ct);
            _highest.AddOrUpdate($"{settings.KeyPrefix}:{role}", result.Serial, (_, known) => Math.Max(known, result.Serial));
            if (result.Outcome == StoreOutcome.SecretConflict && attempt < MaxSecretConflicts)
            {
                LeaderLog.SecretConflict(logger, role);
                continue;
            }

            if (result.Outcome == StoreOutcome.SecretConflict)
            {
                throw new InvalidOperationException($"Role '{role}': secrets kept being created concurrently (is another leader running?).");
            }

            if (version.NewSecrets.Count > 0)
            {
                LeaderLog.SecretsGenerated(logger, version.NewSecrets.Count, role, string.Join(", ", version.NewSecrets.Select(s => s.Name)));
            }

            if (result.Outcome == StoreOutcome.Unchanged)
            {
                LeaderLog.RoleUnchanged(logger, role, result.Serial);
                return new RoleReport(role, render, result, 0);
            }

            LeaderLog.RoleStored(logger, role, result.Serial, version.Files.Count, result.Sha256, reason);
            if (!await store.WaitForReplicaAsync(ReplicaTimeout))
            {
                // Announcing a version a failover could still lose would send followers after a ghost: polling finds it
                // once it is safe, and a lost one is stored again above the serials already seen.
                LeaderLog.NotReplicated(logger, role, result.Serial, ReplicaTimeout.TotalSeconds);
                return new RoleReport(role, render, result, 0);
            }

            var receivers = await publisher.PublishAsync(new ConfigEvent(role, result.Serial, result.Sha256));
            LeaderLog.EventPublished(logger, role, result.Serial, receivers);
            return new RoleReport(role, render, result, receivers);
        }
    }

    /// <summary>
    /// The highest serial anyone may hold for the role: what this leader stored before, and what its followers report
    /// as applied. After a failover lost versions, Redis's serial is below it and the role is stored again above it.
    /// </summary>
    private async Task<long> FloorAsync(LeaderSettings settings, string role)
    {
        var keys = new RedisKeys(settings.KeyPrefix);
        var db = redis.GetDatabase();
        var floor = _highest.GetValueOrDefault($"{settings.KeyPrefix}:{role}");
        foreach (var follower in settings.Followers.Where(f => f.Role == role))
        {
            var applied = await db.HashGetAsync(keys.Follower(follower.Id), Shared.Status.StatusFields.Serial);
            if (applied.TryParse(out long serial))
            {
                floor = Math.Max(floor, serial);
            }
        }

        return floor;
    }
}
