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
    private readonly string[] _metaFields;

    public VersionFetcher(FollowerSettings settings, IConnectionMultiplexer redis)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(redis);
        _redis = redis;
        _keys = new RedisKeys(settings.KeyPrefix);
        _role = settings.Role;
        _metaFields = [MetaFields.Role, MetaFields.Serial, MetaFields.Sha256, MetaFields.SecretFiles, MetaFields.Signature(settings.Id)];
    }

    /// <summary>The leader's current serial; null when the role has no version yet.</summary>
    public async Task<long?> SerialAsync()
    {
        var value = await _redis.GetDatabase().StringGetAsync(_keys.Serial(_role));
        if (value.IsNull)
        {
            return null;
        }

        if (!value.TryParse(out long serial) || serial <= 0)
        {
            throw new VersionRejectedException($"{_keys.Serial(_role)} holds '{Shorten(value)}', not a positive integer");
        }

        return serial;
    }

    /// <summary>The sha256 in one serial's meta; null when that meta is absent.</summary>
    public async Task<string?> DigestAsync(long serial)
    {
        var sha = await _redis.GetDatabase().HashGetAsync(_keys.Meta(_role, serial), MetaFields.Sha256);
        return sha.IsNull ? null : (string?)sha;
    }

    /// <summary>
    /// Reads content and meta of one serial in one transaction, so that a version trimmed from the history
    /// meanwhile is seen as absent (null), never as half of it. Of the meta, only the fields the verifier reads:
    /// the meta holds one signature per follower of the role, and each follower needs only its own.
    /// </summary>
    public async Task<FetchedVersion?> FetchAsync(long serial)
    {
        var tx = _redis.GetDatabase().CreateTransaction();
        var files = tx.HashGetAllAsync(_keys.Config(_role, serial));
        var metaKey = _keys.Meta(_role, serial);
        var meta = _metaFields.Select(field => (Field: field, Value: tx.HashGetAsync(metaKey, field))).ToArray();
        await tx.ExecuteAsync();
        var fileEntries = await files;
        var metaEntries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, value) in meta)
        {
            var read = await value;
            if (!read.IsNull)
            {
                metaEntries[field] = read!;
            }
        }

        if (metaEntries.Count == 0)
        {
            return null;
        }

        return new FetchedVersion(
            _role,
            serial,
            fileEntries.ToDictionary(e => (string)e.Name!, e => (byte[])e.Value!, StringComparer.Ordinal),
            metaEntries);
    }

    private static string Shorten(RedisValue value)
    {
        var text = (string?)value ?? string.Empty;
        return text.Length <= 20 ? text : text[..20] + "…";
    }
}
