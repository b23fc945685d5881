using Microsoft.Extensions.Logging;
using PryvBus.Shared;
using StackExchange.Redis;

namespace PryvBus.Leader.State;

/// <summary>
/// Brings Redis's secret hashes and the state folder together at the start of every pass: a secret the state folder
/// keeps but Redis lost is restored (never regenerated), one Redis holds but the folder does not yet (an upgrade) is
/// imported, and where both hold a different value the state folder's wins (it is written first, so it is the one
/// every version uses). The whole reconciliation holds <c>secrets.lock</c>.
/// </summary>
public static class SecretSync
{
    /// <returns>
    /// Each scope's hash as Redis holds it once reconciled (read under the lock, with this run's own writes): a pass's
    /// resolvers start from it instead of reading the same hashes again.
    /// </returns>
    public static async Task<IReadOnlyDictionary<string, Dictionary<string, string>>> RunAsync(
        IDatabase db, RedisKeys keys, IEnumerable<string> roles, SecretState state, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(logger);

        // Under secrets.lock from the first read to the last write: a restore (which holds it while it writes Redis and
        // the state folder) is never interleaved with a reconciliation that would undo part of it.
        using var held = await state.HoldAsync();
        if (state.RemovedTemps.Count > 0)
        {
            StateLog.StaleTempsRemoved(logger, state.RemovedTemps.Count, SecretState.FileName, state.Folder, string.Join(", ", state.RemovedTemps));
        }

        var kept = state.All.ToArray();
        var scopes = roles.Select(SecretScopes.Role).Prepend(SecretScopes.Platform).Concat(kept.Select(k => k.Scope))
            .Distinct(StringComparer.Ordinal).ToArray();

        var restored = new List<string>();
        var realigned = new List<string>();
        var imports = new List<(string Scope, string Name, string Value)>();
        var reconciled = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        // Every scope's hash is asked for at once (one round trip, not one per scope); the lock is held throughout.
        var reads = scopes.Select(scope => db.HashGetAllAsync(SecretScopes.Hash(keys, scope))).ToArray();
        foreach (var (scope, read) in scopes.Zip(reads))
        {
            var hash = SecretScopes.Hash(keys, scope);
            var inRedis = (await read).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
            imports.AddRange(inRedis.Where(e => SecretScopes.IsName(e.Key) && state.Get(scope, e.Key) is null).Select(e => (scope, e.Key, e.Value)));
            foreach (var (_, name, value) in kept.Where(k => k.Scope == scope))
            {
                if (!inRedis.TryGetValue(name, out var current))
                {
                    await db.HashSetAsync(hash, name, value);
                    restored.Add($"{scope} {name}");
                }
                else if (current != value)
                {
                    await db.HashSetAsync(hash, name, value);
                    realigned.Add($"{scope} {name}");
                }

                inRedis[name] = value;
            }

            reconciled[scope] = inRedis;
        }

        if (restored.Count > 0)
        {
            StateLog.SecretsRestored(logger, restored.Count, string.Join(", ", restored));
        }

        if (realigned.Count > 0)
        {
            StateLog.SecretsRealigned(logger, realigned.Count, string.Join(", ", realigned));
        }

        if (imports.Count > 0 && await state.ImportAsync(imports) is var imported and > 0)
        {
            StateLog.SecretsImported(logger, imported, state.Folder, string.Join(", ", imports.Select(i => $"{i.Scope} {i.Name}")));
        }

        return reconciled;
    }
}
