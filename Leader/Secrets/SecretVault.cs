using PryvBus.Leader.Settings;
using PryvBus.Shared;
using StackExchange.Redis;

namespace PryvBus.Leader.Secrets;

/// <summary>Secrets kept in Redis (<c>secrets:platform</c>, <c>secrets:role:{role}</c>): loading, listing, rotating.</summary>
public sealed class SecretVault(IConnectionMultiplexer redis, RedisKeys keys, Func<string, string?>? environment = null)
{
    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    /// <summary>A resolver holding the stored secrets of a role and of the platform.</summary>
    public async Task<SecretResolver> ResolverAsync(LeaderSettings settings, string role)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var db = redis.GetDatabase();
        var platform = db.HashGetAllAsync(keys.PlatformSecrets);
        var roleValues = db.HashGetAllAsync(keys.RoleSecrets(role));
        return new SecretResolver(
            settings,
            ToDictionary(await platform),
            ToDictionary(await roleValues),
            keys.PlatformSecrets,
            keys.RoleSecrets(role),
            _environment);
    }

    /// <summary>True when the environment overrides the secret (rotation would have no effect).</summary>
    public bool IsOverridden(string name) => !string.IsNullOrEmpty(_environment(SecretResolver.EnvironmentPrefix + name));

    /// <summary>
    /// Replaces the stored value of a secret with a new random one, for every role that has it
    /// (or only <paramref name="role"/>), or the platform value. Returns the hashes that changed.
    /// </summary>
    public async Task<IReadOnlyList<string>> RotateAsync(LeaderSettings settings, string name, IEnumerable<string> roles, string? role = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(roles);
        var spec = settings.SecretSpecFor(name);
        var db = redis.GetDatabase();
        var targets = spec.Scope == SecretScope.Platform
            ? [keys.PlatformSecrets]
            : (role is null ? roles : [role]).Select(keys.RoleSecrets).ToArray();

        var rotated = new List<string>();
        foreach (var hash in targets)
        {
            if (await db.HashExistsAsync(hash, name))
            {
                await db.HashSetAsync(hash, name, SecretGenerator.Generate(spec));
                rotated.Add(hash.ToString());
            }
        }

        return rotated;
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

    /// <summary>A masker knowing every stored secret value (all roles and the platform) and every override.</summary>
    public async Task<SecretMasker> MaskerAsync(IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var db = redis.GetDatabase();
        var values = new List<(string, string)>();
        foreach (var hash in roles.Select(keys.RoleSecrets).Prepend(keys.PlatformSecrets))
        {
            values.AddRange((await db.HashGetAllAsync(hash)).Select(e => (e.Name.ToString(), e.Value.ToString())));
        }

        foreach (var name in values.Select(v => v.Item1).Distinct().ToArray())
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
