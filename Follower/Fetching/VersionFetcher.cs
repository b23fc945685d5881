using Microsoft.Extensions.Logging;
using PryvBus.Follower.Settings;
using PryvBus.Shared;
using PryvBus.Shared.Events;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Follower.Fetching;

/// <summary>Reads the current serial of the role and one version's content and meta.</summary>
public sealed class VersionFetcher
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly string _role;
    private readonly MetaReader _meta;

    public VersionFetcher(FollowerSettings settings, IConnectionMultiplexer redis, ILogger<VersionFetcher> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(logger);
        _redis = redis;
        _keys = settings.Keys;
        _role = settings.Role;
        _meta = new MetaReader(settings.Id, settings.Redis.User, logger);
    }

    /// <summary>The leader's current serial; null when the role has no version yet.</summary>
    public async Task<long?> SerialAsync() => ParseSerial(await _redis.GetDatabase().StringGetAsync(_keys.Serial(_role)));

    /// <summary>
    /// One round trip for a serial an event announced (<paramref name="announced"/>, untrusted): in one transaction the
    /// admission hash (when <paramref name="admission"/> is given), the serial key (the truth) and the announced serial's
    /// content and meta. The caller decides which serial to apply from the serial key (or the admission) and uses the
    /// version read here only when it is that serial. With <paramref name="held"/> (the version the root holds) and a
    /// <paramref name="delta"/> from it (the event's, untrusted), only the files the delta names are read, and the version
    /// is put together from the held one (<see cref="FetchedVersion.FromDelta"/>): the caller verifies it, and reads the
    /// version whole when it does not verify.
    /// </summary>
    public Task<AnnouncedRead> FetchAnnouncedAsync(long announced, RedisKey? admission, VerifiedVersion? held = null, ConfigDelta? delta = null) =>
        FetchAnnouncedAsync(announced, admission, held, delta, _meta.ByHmget);

    private async Task<AnnouncedRead> FetchAnnouncedAsync(long announced, RedisKey? admission, VerifiedVersion? held, ConfigDelta? delta, bool byHmget)
    {
        var tx = _redis.GetDatabase().CreateTransaction();
        var admitted = admission is { } key ? tx.HashGetAllAsync(key) : null;
        var serial = tx.StringGetAsync(_keys.Serial(_role));
        var whole = held is null || delta is null || delta.BaseSha256 != held.Sha256;
        var files = whole ? tx.HashGetAllAsync(_keys.Config(_role, announced)) : null;
        var changed = whole ? [] : delta!.Changed.Select(path => (path, tx.HashGetAsync(_keys.Config(_role, announced), path))).ToArray();
        var meta = _meta.Queue(tx, _keys.Meta(_role, announced), byHmget);
        if (!await MetaReader.ExecuteAsync(tx, byHmget))
        {
            var again = await FetchAnnouncedAsync(announced, admission, held, delta, byHmget: false);
            await _meta.BlameAsync(_redis.GetDatabase(), _keys.Meta(_role, announced));
            return again;
        }

        var version = whole ? await ReadAsync(announced, files!, meta, held) : await AssembleAsync(announced, held!, delta!, changed, meta);
        return new AnnouncedRead(admitted is null ? [] : await admitted, await serial, version);
    }

    /// <summary>
    /// The held version's files, less those the delta removed, with the changed ones read; null when the meta is absent.
    /// When the delta removes and adds no path, the contents are also put in the held version's paths' order
    /// (<see cref="FetchedVersion.ContentsInOrder"/>), each the very array the files hold.
    /// </summary>
    private async Task<FetchedVersion?> AssembleAsync(
        long serial, VerifiedVersion held, ConfigDelta delta, (string Path, Task<RedisValue> Value)[] changed, Task<RedisValue[]> meta)
    {
        var files = new Dictionary<string, byte[]>(held.Files, StringComparer.Ordinal);
        foreach (var path in delta.Removed)
        {
            files.Remove(path);
        }

        var layout = VersionLayout.Of(held);
        var inOrder = layout is not null && delta.Removed.Count == 0 ? (byte[][])layout.Contents.Clone() : null;
        var incomplete = false;
        foreach (var (path, value) in changed)
        {
            var read = await value;
            if (read.IsNull)
            {
                incomplete = true;
                continue;
            }

            var content = (byte[])read!;
            files[path] = content;
            if (inOrder is not null)
            {
                var at = Array.BinarySearch(layout!.Order, path, StringComparer.Ordinal);
                if (at >= 0)
                {
                    inOrder[at] = content;
                }
                else
                {
                    inOrder = null; // a path the held version does not have: the digest looks every path up
                }
            }
        }

        var metaEntries = _meta.Entries(await meta);
        return metaEntries.Count == 0 ? null
            : new FetchedVersion(_role, serial, files, metaEntries)
            {
                FromDelta = true, Incomplete = incomplete, PathOrder = layout?.Order,
                InOrder = inOrder is null ? null : new VersionLayout(files, layout!.Order, inOrder),
            };
    }

    /// <summary>
    /// The sha256 and generation in one serial's meta, unverified (only to skip a fetch when both equal the applied
    /// version's); null when absent or not a valid generation.
    /// </summary>
    public async Task<(string? Sha256, long? Generation)> HeadAsync(long serial)
    {
        var (sha, read) = await _meta.HeadAsync(_redis.GetDatabase(), _keys.Meta(_role, serial));
        var generation = VersionNumber.TryParse(read, out var parsed) ? parsed : (long?)null;
        return (sha.IsNull ? null : (string?)sha, generation);
    }

    /// <summary>
    /// Reads content and meta of one serial in one transaction, so that a version trimmed from the history
    /// meanwhile is seen as absent (null), never as half of it. Of the meta, only the fields the verifier reads:
    /// the meta holds one signature per follower of the role, and each follower needs only its own.
    /// </summary>
    /// <param name="serial">The version's serial.</param>
    /// <param name="held">The version the root holds: its paths' order is a hint for the digest (checked, never trusted).</param>
    public Task<FetchedVersion?> FetchAsync(long serial, VerifiedVersion? held = null) => FetchAsync(serial, held, _meta.ByHmget);

    private async Task<FetchedVersion?> FetchAsync(long serial, VerifiedVersion? held, bool byHmget)
    {
        var tx = _redis.GetDatabase().CreateTransaction();
        var files = tx.HashGetAllAsync(_keys.Config(_role, serial));
        var meta = _meta.Queue(tx, _keys.Meta(_role, serial), byHmget);
        if (!await MetaReader.ExecuteAsync(tx, byHmget))
        {
            var again = await FetchAsync(serial, held, byHmget: false);
            await _meta.BlameAsync(_redis.GetDatabase(), _keys.Meta(_role, serial));
            return again;
        }

        return await ReadAsync(serial, files, meta, held);
    }

    private async Task<FetchedVersion?> ReadAsync(long serial, Task<HashEntry[]> files, Task<RedisValue[]> meta, VerifiedVersion? held)
    {
        var fileEntries = await files;
        var metaEntries = _meta.Entries(await meta);
        if (metaEntries.Count == 0)
        {
            return null;
        }

        return new FetchedVersion(
            _role,
            serial,
            fileEntries.ToDictionary(e => (string)e.Name!, e => (byte[])e.Value!, StringComparer.Ordinal),
            metaEntries)
        {
            PathOrder = held is null ? null : VersionLayout.Of(held)?.Order,
        };
    }

    /// <summary>The serial key's value: null when absent; a value that is not a serial is refused.</summary>
    public long? ParseSerial(RedisValue value)
    {
        if (value.IsNull)
        {
            return null;
        }

        if (!VersionNumber.TryParse(value, out var serial))
        {
            throw new VersionRejectedException(VersionNumber.Refusal(_keys.Serial(_role).ToString(), value));
        }

        return serial;
    }
}
