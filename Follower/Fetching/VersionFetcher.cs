using PryvBus.Follower.Settings;
using PryvBus.Shared;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Follower.Fetching;

/// <summary>Reads the current serial of the role and one version's content and meta.</summary>
public sealed class VersionFetcher
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly string _role;

    public VersionFetcher(FollowerSettings settings, IConnectionMultiplexer redis)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(redis);
        _redis = redis;
        _keys = new RedisKeys(settings.KeyPrefix);
        _role = settings.Role;
    }

    /// <summary>The leader's current serial and its sha256; null when the role has no version yet.</summary>
    public async Task<(long Serial, string? Sha256)?> CurrentAsync()
    {
        var db = _redis.GetDatabase();
        var value = await db.StringGetAsync(_keys.Serial(_role));
        if (value.IsNull)
        {
            return null;
        }

        if (!value.TryParse(out long serial) || serial <= 0)
        {
            throw new VersionRejectedException($"{_keys.Serial(_role)} holds '{Shorten(value)}', not a positive integer");
        }

        var sha = await db.HashGetAsync(_keys.Meta(_role, serial), MetaFields.Sha256);
        return (serial, sha.IsNull ? null : (string?)sha);
    }

    /// <summary>
    /// Reads content and meta of one serial in one transaction, so that a version trimmed from the history
    /// meanwhile is seen as absent (null), never as half of it.
    /// </summary>
    public async Task<FetchedVersion?> FetchAsync(long serial)
    {
        var tx = _redis.GetDatabase().CreateTransaction();
        var files = tx.HashGetAllAsync(_keys.Config(_role, serial));
        var meta = tx.HashGetAllAsync(_keys.Meta(_role, serial));
        await tx.ExecuteAsync();
        var metaEntries = await meta;
        var fileEntries = await files;
        if (metaEntries.Length == 0)
        {
            return null;
        }

        return new FetchedVersion(
            _role,
            serial,
            fileEntries.ToDictionary(e => (string)e.Name!, e => (byte[])e.Value!, StringComparer.Ordinal),
            metaEntries.ToDictionary(e => (string)e.Name!, e => (string)e.Value!, StringComparer.Ordinal));
    }

    private static string Shorten(RedisValue value)
    {
        var text = (string?)value ?? string.Empty;
        return text.Length <= 20 ? text : text[..20] + "…";
    }
}
