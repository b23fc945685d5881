using Microsoft.Extensions.Logging;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using StackExchange.Redis;

namespace PryvBus.Leader.Pipeline;

/// <summary>
/// The secrets of one leader pass: the state folder opened and reconciled with Redis (<see cref="SecretSync"/>), or the
/// reason it cannot be used (every secret lookup then fails with it, so no secret is replaced); and the sealing of
/// newly generated secrets in the state folder before the version that uses them reaches Redis.
/// </summary>
public sealed class PassSecrets
{
    private readonly RedisKeys _keys;
    private readonly ILogger _logger;

    /// <summary>Redis's secret hashes as the reconciliation left them, per scope; null when it did not run.</summary>
    private readonly IReadOnlyDictionary<string, Dictionary<string, string>>? _reconciled;

    /// <summary><see cref="SecretState.Revision"/> when <see cref="_reconciled"/> was read.</summary>
    private readonly long _reconciledAt;

    /// <summary>Roles whose resolver was built from <see cref="_reconciled"/>: a second one (a conflict's retry) reads Redis.</summary>
    private readonly HashSet<string> _resolvedFromSync = new(StringComparer.Ordinal);

    private PassSecrets(
        SecretVault vault, SecretState? state, StateException? error, RedisKeys keys, ILogger logger,
        IReadOnlyDictionary<string, Dictionary<string, string>>? reconciled = null, long? reconciledAt = null)
    {
        Vault = vault;
        State = state;
        Error = error;
        _keys = keys;
        _logger = logger;
        _reconciled = reconciled;
        _reconciledAt = reconciledAt ?? state?.Revision ?? 0;
    }

    public SecretVault Vault { get; }

    public SecretState? State { get; }

    /// <summary>Why the state folder cannot be used this pass; null when it can.</summary>
    public StateException? Error { get; }

    /// <summary>What this pass's reconciliation left (or the one it reused), for the next trusted pass; null when none ran.</summary>
    public ReconciledSecrets? Reconciled =>
        State is not null && Error is null && _reconciled is not null ? new ReconciledSecrets(State, _reconciledAt, _reconciled) : null;

    /// <summary>Opens the state folder (creating it, and the default key on a first start) and reconciles it with Redis.</summary>
    /// <param name="redis">The store.</param>
    /// <param name="settings">The settings in force.</param>
    /// <param name="environment">Reads environment variables.</param>
    /// <param name="logger">Logs what the reconciliation did.</param>
    /// <param name="previous">The state folder as a previous pass opened it: kept, read again only where its file changed.</param>
    /// <param name="roles">The roles, when the caller listed them already.</param>
    public static async Task<PassSecrets> OpenAsync(
        IConnectionMultiplexer redis, LeaderSettings settings, Func<string, string?> environment, ILogger logger, SecretState? previous = null,
        IReadOnlyList<string>? roles = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(settings);
        var keys = settings.Keys;
        var (state, error) = TryOpen(settings, environment, previous);
        IReadOnlyDictionary<string, Dictionary<string, string>>? reconciled = null;
        if (state is not null)
        {
            if (state.Key.Generated && !ReferenceEquals(state, previous))
            {
                StateLog.KeyGenerated(logger, state.Key.Source, state.Folder);
            }

            try
            {
                reconciled = await SecretSync.RunAsync(redis.GetDatabase(), keys, roles ?? settings.Roles(), state, logger);
            }
            catch (StateException ex)
            {
                (state, error, reconciled) = (null, ex, null);
            }
        }

        if (error is not null)
        {
            StateLog.StateUnavailable(logger, error.Message);
        }

        return new PassSecrets(new SecretVault(redis, keys, environment, state), state, error, keys, logger, reconciled);
    }

    /// <summary>
    /// A trusted pass's secrets: a previous pass's reconciliation reused, nothing read from Redis. Its resolvers start from
    /// those hashes while the state folder stays at their revision, and read Redis again otherwise (<see cref="ResolverAsync"/>);
    /// a secret Redis got meanwhile that a render would generate is caught by the store's condition on it.
    /// </summary>
    public static PassSecrets Reuse(IConnectionMultiplexer redis, LeaderSettings settings, Func<string, string?> environment, ILogger logger, ReconciledSecrets reconciled)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(reconciled);
        var keys = settings.Keys;
        return new PassSecrets(
            new SecretVault(redis, keys, environment, reconciled.State), reconciled.State, null, keys, logger, reconciled.Hashes, reconciled.Revision);
    }

    /// <summary>For previews: reads a state folder that exists, never creates it or its key, changes nothing.</summary>
    public static PassSecrets ForPreview(IConnectionMultiplexer redis, LeaderSettings settings, Func<string, string?> environment, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var keys = settings.Keys;
        var (state, error) = SecretState.Exists(settings.StateDirectory) ? TryOpen(settings, environment) : (null, null);
        return new PassSecrets(new SecretVault(redis, keys, environment, state), state, error, keys, logger);
    }

    /// <summary>
    /// The resolver of one role. The state folder is read again first when another process replaced its secrets since
    /// the pass opened it (a restore holding the locks while this pass waited): a pass never renders with secrets the
    /// folder no longer holds. A role's first resolver takes Redis's hashes from this pass's reconciliation (no round
    /// trip) while the state folder holds what it held then; otherwise (a retry after a conflict, the folder changed,
    /// a scope the reconciliation did not read) they are read again.
    /// </summary>
    public Task<SecretResolver> ResolverAsync(LeaderSettings settings, string role)
    {
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            State?.Refresh();
            if (_reconciled is not null && State is not null && State.Revision == _reconciledAt
                && _reconciled.TryGetValue(SecretScopes.Platform, out var platform) && _reconciled.TryGetValue(SecretScopes.Role(role), out var roleValues)
                && _resolvedFromSync.Add(role))
            {
                return Task.FromResult(Vault.Resolver(settings, role, platform, roleValues, Error));
            }

            return Vault.ResolverAsync(settings, role, Error);
        }
        catch (StateException ex)
        {
            return Vault.ResolverAsync(settings, role, ex);
        }
    }

    /// <summary>
    /// Seals what a render generated, durably, before Redis sees it. <c>Problem</c>: the role must fail (names the state
    /// folder). <c>Conflict</c>: another process sealed one of them first; render again (the resolver then reads its value).
    /// </summary>
    public async Task<(RenderError? Problem, bool Conflict)> SealAsync(LeaderSettings settings, string role, RenderedVersion version)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(version);
        if (version.NewSecrets.Count == 0 || State is null)
        {
            return (null, false);
        }

        var secrets = version.NewSecrets
            .Select(s => (Scope: s.Hash == _keys.PlatformSecrets ? SecretScopes.Platform : SecretScopes.Role(role), s.Name, s.Value)).ToArray();
        try
        {
            if (await State.AddAsync(secrets))
            {
                StateLog.SecretsSealed(_logger, secrets.Length, role, string.Join(", ", secrets.Select(s => s.Name)));
                return (null, false);
            }

            return (null, secrets.Any(s => State.Get(s.Scope, s.Name) != s.Value));
        }
        catch (StateException ex)
        {
            return (new RenderError(settings.StateDirectory, 0, 0, ex.Message), false);
        }
    }

    private static (SecretState? State, StateException? Error) TryOpen(LeaderSettings settings, Func<string, string?> environment, SecretState? previous = null)
    {
        try
        {
            return (SecretState.Open(settings, environment, previous), null);
        }
        catch (StateException ex)
        {
            return (null, ex);
        }
    }
}
