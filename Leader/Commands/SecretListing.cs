using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary>The stored secrets by name (never a value): scope, the Redis hash holding it, the roles whose current version uses each, and whether an environment variable overrides it.</summary>
public static class SecretListing
{
    public sealed record Row(string Name, string Scope, string Hash, IReadOnlyList<string> UsedBy, bool Overridden);

    public static async Task<IReadOnlyList<Row>> ReadAsync(LeaderSettings settings, IConnectionMultiplexer redis, SecretVault vault)
    {
        // Where used: the roles whose current version's meta names the secret.
        var store = new VersionStore(redis, settings.Keys, settings.HistoryLength);
        var usedBy = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var role in settings.Roles())
        {
            foreach (var name in (await store.ReadAsync(role))?.Secrets ?? new HashSet<string>())
            {
                (usedBy.TryGetValue(name, out var roles) ? roles : usedBy[name] = []).Add(role);
            }
        }

        return (await vault.ListAsync(settings.Roles())).Select(s => new Row(
            s.Name,
            settings.SecretSpecFor(s.Name).Scope.ToString().ToLowerInvariant(),
            s.Hash,
            usedBy.GetValueOrDefault(s.Name) ?? [],
            vault.IsOverridden(s.Name))).ToArray();
    }
}
