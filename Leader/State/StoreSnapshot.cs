using System.Globalization;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.State;

/// <summary>
/// Reads everything PryvBus keeps in Redis into a <see cref="BackupContent"/>. Each role is read consistently: its
/// retained versions in a transaction conditioned on the serial read just before, retried when the leader stored meanwhile.
/// Every number is read with <see cref="VersionNumber"/>, the parser restore applies: garbage is refused naming the key,
/// so a backup never holds what a restore would refuse.
/// </summary>
public static class StoreSnapshot
{
    private const int MaxAttempts = 20;

    public static async Task<BackupContent> TakeAsync(IDatabase db, RedisKeys keys, IEnumerable<string> roles, SecretState? state, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(roles);
        var known = (await db.SetMembersAsync(keys.Roles)).Select(r => r.ToString()).ToArray();
        var content = new BackupContent
        {
            Created = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            Prefix = keys.Prefix,
            Generation = Number(keys.Generation, await db.StringGetAsync(keys.Generation))?.ToString(CultureInfo.InvariantCulture),
            Roles = [.. known.Where(RedisKeys.IsValidRole).Order(StringComparer.Ordinal)],
        };

        var everyRole = known.Concat(roles).Where(RedisKeys.IsValidRole).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        foreach (var role in everyRole)
        {
            if (await ReadRoleAsync(db, keys, role) is { } backup)
            {
                content.Versions.Add(backup);
            }
        }

        foreach (var scope in everyRole.Select(SecretScopes.Role).Prepend(SecretScopes.Platform))
        {
            foreach (var entry in await db.HashGetAllAsync(SecretScopes.Hash(keys, scope)))
            {
                Secrets(content, scope)[entry.Name.ToString()] = new SecretEntry { Value = entry.Value.ToString() };
            }
        }

        content.Audit = await ReadAuditAsync(db, keys);

        // The state folder's values win (they are the ones versions use) and bring the rotated-out values along.
        foreach (var (scope, name, entry) in state?.Entries ?? [])
        {
            Secrets(content, scope)[name] = new SecretEntry { Value = entry.Value, Retired = [.. entry.Retired] };
        }

        return content;
    }

    /// <summary>The whole stream with its head and anchor, read in one transaction (an append in between would break the chain).</summary>
    private static async Task<AuditBackup?> ReadAuditAsync(IDatabase db, RedisKeys keys)
    {
        var tx = db.CreateTransaction();
        var entries = tx.StreamRangeAsync(keys.Audit);
        var head = tx.StringGetAsync(keys.AuditHead);
        var anchor = tx.StringGetAsync(keys.AuditAnchor);
        await tx.ExecuteAsync();
        var backup = new AuditBackup
        {
            Entries = [.. (await entries).Select(e => new AuditBackupEntry
            {
                Id = e.Id.ToString(),
                Fields = e.Values.GroupBy(v => v.Name.ToString(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value.ToString(), StringComparer.Ordinal),
            })],
            Head = await head,
            Anchor = await anchor,
        };
        return backup.Entries.Count == 0 && backup.Head is null && backup.Anchor is null ? null : backup;
    }

    private static Dictionary<string, SecretEntry> Secrets(BackupContent content, string scope) =>
        content.Secrets.TryGetValue(scope, out var secrets) ? secrets : content.Secrets[scope] = new Dictionary<string, SecretEntry>(StringComparer.Ordinal);

    private static async Task<RoleBackup?> ReadRoleAsync(IDatabase db, RedisKeys keys, string role)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var serial = await db.StringGetAsync(keys.Serial(role));
            var history = (await db.ListRangeAsync(keys.History(role))).Select(v => Number(keys.History(role), v)!.Value).ToArray();
            var tx = db.CreateTransaction();
            tx.AddCondition(serial.IsNull ? Condition.KeyNotExists(keys.Serial(role)) : Condition.StringEqual(keys.Serial(role), serial));
            var pin = tx.StringGetAsync(keys.Pin(role));
            var versions = history.Select(s => (Serial: s, Files: tx.HashGetAllAsync(keys.Config(role, s)), Meta: tx.HashGetAllAsync(keys.Meta(role, s)))).ToArray();
            if (!await tx.ExecuteAsync())
            {
                continue;
            }

            if (serial.IsNull && history.Length == 0 && (await pin).IsNull)
            {
                return null;
            }

            var backup = new RoleBackup
            {
                Role = role,
                Serial = Number(keys.Serial(role), serial),
                Pin = Number(keys.Pin(role), await pin),
                History = [.. history],
            };
            foreach (var (s, files, meta) in versions)
            {
                backup.Retained.Add(new VersionBackup
                {
                    Serial = s,
                    Files = (await files).ToDictionary(e => e.Name.ToString(), e => (byte[])e.Value!, StringComparer.Ordinal),
                    Meta = (await meta).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal),
                });
            }

            return backup;
        }

        throw new StoreDataException($"role {role}: {keys.Serial(role)} kept changing during {MaxAttempts} attempts to read it (a leader not sharing this state folder's lock is storing)");
    }

    /// <summary>Null for an absent key; the number when valid; otherwise refused, naming the key.</summary>
    private static long? Number(RedisKey key, RedisValue value) =>
        value.IsNull ? null
            : VersionNumber.TryParse(value, out var number) ? number
            : throw new StoreDataException(VersionNumber.Refusal(key.ToString(), value) + ": fix or delete it, then take the backup again");
}
