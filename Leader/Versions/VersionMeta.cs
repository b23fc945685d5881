using System.Globalization;
using System.Text.Json;
using PryvBus.Leader.Settings;
using PryvBus.Shared;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Versions;

/// <summary>The meta hash of a version (<see cref="MetaFields"/>): written whole with a new serial, signatures refreshed in place.</summary>
internal static class VersionMeta
{
    /// <summary>
    /// Same content: keep the serial, but bring the signatures in line with the followers list
    /// (a follower added, removed or re-keyed must not wait for a content change).
    /// </summary>
    public static async Task<bool> RefreshSignaturesAsync(
        IDatabase db, RedisKeys keys, RenderedVersion version, long generation, long serial, IReadOnlyList<FollowerEntry> followers)
    {
        var metaKey = keys.Meta(version.Role, serial);
        var meta = await db.HashGetAllAsync(metaKey);
        var components = ComponentsDigest(version);
        var wanted = followers.ToDictionary(
            f => MetaFields.Signature(f.Id),
            f => VersionSignature.SignDigested(f.Key, version.Role, generation, serial, version.Sha256, components),
            StringComparer.Ordinal);
        var present = meta
            .Where(e => ((string)e.Name!).StartsWith(MetaFields.SignaturePrefix, StringComparison.Ordinal))
            .ToDictionary(e => (string)e.Name!, e => (string)e.Value!, StringComparer.Ordinal);

        var stale = present.Keys.Where(k => !wanted.ContainsKey(k)).Select(k => (RedisValue)k).ToArray();
        var changed = wanted.Where(w => !present.TryGetValue(w.Key, out var v) || v != w.Value)
            .Select(w => new HashEntry(w.Key, w.Value)).ToArray();
        if (stale.Length == 0 && changed.Length == 0 && version.NewSecrets.Count == 0)
        {
            return true;
        }

        var tx = db.CreateTransaction();
        tx.AddCondition(Condition.StringEqual(keys.Serial(version.Role), serial));
        var pending = new List<Task>();
        if (stale.Length > 0)
        {
            pending.Add(tx.HashDeleteAsync(metaKey, stale));
        }

        if (changed.Length > 0)
        {
            pending.Add(tx.HashSetAsync(metaKey, changed));
        }

        foreach (var secret in version.NewSecrets)
        {
            pending.Add(tx.HashSetAsync(secret.Hash, secret.Name, secret.Value, When.NotExists));
        }

        var committed = await tx.ExecuteAsync();
        if (committed)
        {
            await Task.WhenAll(pending);
        }

        return committed;
    }

    /// <summary>The meta hash of a new version: what it is, why, and one signature per follower of the role.</summary>
    public static HashEntry[] Build(RenderedVersion version, long generation, long serial, IReadOnlyList<FollowerEntry> followers, string reason, DateTimeOffset now)
    {
        var entries = new List<HashEntry>
        {
            new(MetaFields.Role, version.Role),
            new(MetaFields.Generation, generation),
            new(MetaFields.Serial, serial),
            new(MetaFields.Sha256, version.Sha256),
            new(MetaFields.Created, now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)),
            new(MetaFields.Reason, reason),
            new(MetaFields.Files, version.Files.Count),
            new(MetaFields.SecretFiles, JsonSerializer.Serialize(version.SecretFiles.Order(StringComparer.Ordinal).ToArray(), VersionsJsonContext.Default.StringArray)),
            new(MetaFields.Secrets, JsonSerializer.Serialize(version.SecretsUsed.Order(StringComparer.Ordinal).ToArray(), VersionsJsonContext.Default.StringArray)),
        };
        if (version.Components is not null)
        {
            entries.Add(new HashEntry(MetaFields.Components, version.Components));
        }

        var components = ComponentsDigest(version);
        entries.AddRange(followers.Select(f =>
            new HashEntry(MetaFields.Signature(f.Id), VersionSignature.SignDigested(f.Key, version.Role, generation, serial, version.Sha256, components))));
        return [.. entries];
    }

    /// <summary>The digest of the version's components field, hashed once for every follower's signature; null when it has none.</summary>
    private static string? ComponentsDigest(RenderedVersion version) =>
        version.Components is null ? null : VersionSignature.ComponentsDigest(version.Components);
}
