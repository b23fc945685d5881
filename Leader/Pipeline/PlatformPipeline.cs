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
/// The leader's flow for every role: resolve secrets → render → seal new secrets in the state folder → store (only when
/// the content changed) → publish. A role that fails to render publishes nothing and keeps its current version;
/// the other roles go on. Each pass first brings Redis's secrets and the state folder's together (<see cref="SecretSync"/>).
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
        var (state, stateError) = await OpenStateAsync(settings, keys);
        var vault = new SecretVault(redis, keys, environment, state);
        var store = new VersionStore(redis, keys, settings.HistoryLength);
        var publisher = new EventPublisher(redis, keys);

        var reports = new List<RoleReport>();
        foreach (var role in settings.Roles().Where(r => onlyRoles is null || onlyRoles.Contains(r)))
        {
            ct.ThrowIfCancellationRequested();
            var report = await RunRoleAsync(settings, role, reason, (vault, state, stateError), store, publisher, ct);
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

        // A preview reads the state folder (so it shows the values a pass would use) but never creates it or its key.
        var (state, stateError) = SecretState.Exists(settings.StateDirectory) ? OpenState(settings) : (null, null);
        var vault = new SecretVault(redis, new RedisKeys(settings.KeyPrefix), environment, state);
        var result = new List<(RoleRender, SecretResolver)>();
        foreach (var role in settings.Roles().Where(r => onlyRoles is null || onlyRoles.Contains(r)))
        {
            var secrets = await vault.ResolverAsync(settings, role, stateError);
            result.Add((_renderer.Render(settings, role, secrets), secrets));
        }

        return result;
    }

    private async Task<RoleReport> RunRoleAsync(
        LeaderSettings settings,
        string role,
        string reason,
        (SecretVault Vault, SecretState? State, StateException? Error) secretSource,
        VersionStore store,
        EventPublisher publisher,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var secrets = await secretSource.Vault.ResolverAsync(settings, role, secretSource.Error);
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
            var sealing = await SealNewSecretsAsync(settings, role, version, secretSource.State);
            if (sealing is { } problem)
            {
                LeaderLog.RoleRenderFailed(logger, role, 1, problem.ToString());
                return new RoleReport(role, render with { Version = null, Errors = [problem] }, null, 0);
            }

            if (version.NewSecrets.Count > 0 && secretSource.State is not null
                && version.NewSecrets.Any(s => secretSource.State.Get(ScopeOf(settings, role, s), s.Name) != s.Value))
            {
                // Another process of this machine sealed one of them first: render again with its value.
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

    /// <summary>Opens the state folder and reconciles it with Redis; on failure, the error every secret lookup reports.</summary>
    private async Task<(SecretState? State, StateException? Error)> OpenStateAsync(LeaderSettings settings, RedisKeys keys)
    {
        var (state, error) = OpenState(settings);
        if (state is null)
        {
            StateLog.StateUnavailable(logger, error!.Message);
            return (null, error);
        }

        if (state.Key.Generated)
        {
            StateLog.KeyGenerated(logger, state.Key.Source, state.Folder);
        }

        try
        {
            await SecretSync.RunAsync(redis.GetDatabase(), keys, settings.Roles(), state, logger);
            return (state, null);
        }
        catch (StateException ex)
        {
            StateLog.StateUnavailable(logger, ex.Message);
            return (null, ex);
        }
    }

    private (SecretState? State, StateException? Error) OpenState(LeaderSettings settings)
    {
        try
        {
            return (SecretState.Open(settings, environment ?? Environment.GetEnvironmentVariable), null);
        }
        catch (StateException ex)
        {
            return (null, ex);
        }
    }

    /// <summary>Seals the secrets a render generated in the state folder, before Redis sees them; a problem names the folder.</summary>
    private async Task<RenderError?> SealNewSecretsAsync(LeaderSettings settings, string role, RenderedVersion version, SecretState? state)
    {
        if (version.NewSecrets.Count == 0 || state is null)
        {
            return null;
        }

        try
        {
            if (await state.AddAsync(version.NewSecrets.Select(s => (ScopeOf(settings, role, s), s.Name, s.Value)).ToArray()))
            {
                StateLog.SecretsSealed(logger, version.NewSecrets.Count, role, string.Join(", ", version.NewSecrets.Select(s => s.Name)));
            }

            return null;
        }
        catch (StateException ex)
        {
            return new RenderError(settings.StateDirectory, 0, 0, ex.Message);
        }
    }

    private static string ScopeOf(LeaderSettings settings, string role, NewSecret secret) =>
        secret.Hash == new RedisKeys(settings.KeyPrefix).PlatformSecrets ? SecretScopes.Platform : SecretScopes.Role(role);

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
