using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Shared;
using StackExchange.Redis;

namespace PryvBus.Leader.Secrets;

/// <summary>
/// Secrets kept in Redis (<c>secrets:platform</c>, <c>secrets:role:{role}</c>) and, durably, in the leader's state folder
/// (<paramref name="state"/>): loading, listing, rotating, masking.
/// </summary>
public sealed class SecretVault(IConnectionMultiplexer redis, RedisKeys keys, Func<string, string?>? environment = null, SecretState? state = null)
{
    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    /// <summary>A resolver holding the stored secrets of a role and of the platform.</summary>
    /// <param name="settings">The leader's settings.</param>
    /// <param name="role">The role rendered.</param>
    /// <param name="stateError">Why the state folder cannot be read: the resolver then answers overrides only.</param>
    public async Task<SecretResolver> ResolverAsync(LeaderSettings settings, string role, StateException? stateError = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var db = redis.GetDatabase();
        var platform = db.HashGetAllAsync(keys.PlatformSecrets);
        var roleValues = db.HashGetAllAsync(keys.RoleSecrets(role));
        return Resolver(settings, role, ToDictionary(await platform), ToDictionary(await roleValues), stateError);
    }

    /// <summary>As <see cref="ResolverAsync"/>, with the platform's and the role's hashes as already read from Redis.</summary>
    public SecretResolver Resolver(
        LeaderSettings settings, string role, IReadOnlyDictionary<string, string> platform, IReadOnlyDictionary<string, string> roleValues, StateException? stateError = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new SecretResolver(settings, platform, roleValues, keys.PlatformSecrets, keys.RoleSecrets(role), _environment, role, state, stateError);
    }

    /// <summary>True when the environment overrides the secret (rotation would have no effect).</summary>
    public bool IsOverridden(string name) => !string.IsNullOrEmpty(_environment(SecretResolver.EnvironmentPrefix + name));

    /// <summary>
    /// Replaces the stored value of a secret with a new random one, for every role that has it
    /// (or only <paramref name="role"/>), or the platform value: in the state folder first, then in Redis.
    /// Returns the hashes that changed.
    /// </summary>
    public async Task<IReadOnlyList<string>> RotateAsync(LeaderSettings settings, string name, IEnumerable<string> roles, string? role = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(roles);
        var spec = settings.SecretSpecFor(name);
        var db = redis.GetDatabase();
        var sealedState = state ?? SecretState.Open(settings, _environment);
        var scopes = spec.Scope == SecretScope.Platform
            ? [SecretScopes.Platform]
            : (role is null ? roles : [role]).Select(SecretScopes.Role).ToArray();

        var rotated = new List<(RedisKey Hash, string Scope, string Value)>();
        foreach (var scope in scopes)
        {
            var hash = SecretScopes.Hash(keys, scope);
            if (await db.HashExistsAsync(hash, name) || sealedState.Get(scope, name) is not null)
            {
                rotated.Add((hash, scope, SecretGenerator.Generate(spec)));
            }
        }

        // The state folder first: a value Redis holds is always one the state folder can restore.
        await sealedState.SetAsync(rotated.Select(r => (r.Scope, name, r.Value)).ToArray());

        foreach (var (hash, _, value) in rotated)
        {
            await db.HashSetAsync(hash, name, value);
        }

        return rotated.Select(r => r.Hash.ToString()).ToArray();
    }

    /// <summary>Stored secret names per hash (never values).</summary>
    public async Task<IReadOnlyList<(string Hash, string Name)>> ListAsync(IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var db = redis.GetDatabase();
        var result = new List<(string, string)>();
        foreach (var hash in roles.Select(keys.RoleSecrets).Prepend(keys.PlatformSecrets))
        {
            foreach (var field in await db.HashKeysAsync(hash))
            {
                result.Add((hash.ToString(), field.ToString()));
            }
        }

        return result;
    }

    /// <summary>
    /// A masker knowing every secret value: stored in Redis (all roles and the platform), kept in the state folder
    /// (current and rotated out), and the <c>PRYVBUS_SECRET_*</c> override of every secret name known, including
    /// <paramref name="names"/> (those a version's meta says it used) and the declared ones.
    /// </summary>
    /// <param name="roles">Every role.</param>
    /// <param name="names">Secret names in use.</param>
    /// <param name="also">More values to mask (the platform's sensitive values).</param>
    public async Task<SecretMasker> MaskerAsync(IEnumerable<string> roles, IEnumerable<string>? names = null, IEnumerable<(string Name, string Value)>? also = null)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var db = redis.GetDatabase();
        var values = new List<(string, string)>();
        foreach (var hash in roles.Select(keys.RoleSecrets).Prepend(keys.PlatformSecrets))
        {
            values.AddRange((await db.HashGetAllAsync(hash)).Select(e => (e.Name.ToString(), e.Value.ToString())));
        }

        values.AddRange(state?.Masked ?? []);
        values.AddRange(also ?? []);
        foreach (var name in values.Select(v => v.Item1).Concat(names ?? []).Distinct().ToArray())
        {
            if (_environment(SecretResolver.EnvironmentPrefix + name) is { Length: > 0 } overridden)
            {
                values.Add((name, overridden));
            }
        }

        return new SecretMasker(values);
    }

    private static Dictionary<string, string> ToDictionary(HashEntry[] entries) =>
        entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
}
