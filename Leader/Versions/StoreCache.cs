using System.Security.Cryptography;
using System.Text;
using PryvBus.Leader.Settings;
using StackExchange.Redis;

namespace PryvBus.Leader.Versions;

/// <summary>
/// What this leader last stored (or found current) per key prefix and role: serial, generation, digest, components,
/// a digest of the role's followers and keys, and the history list after its commit. The leader is the only writer, so
/// a changed role is stored with one transaction conditioned on that serial (a second writer, a restored or failed-over
/// Redis fails the condition and the full checks run); a trusting pass (<see cref="VersionStore"/>) keeps an unchanged
/// role without a round trip. Never persisted: a new process starts empty.
/// </summary>
public sealed class StoreCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Prefix, string Role), Entry> _entries = [];

    internal Entry? Get(string prefix, string role)
    {
        lock (_gate)
        {
            return _entries.GetValueOrDefault((prefix, role));
        }
    }

    internal void Set(string prefix, string role, Entry entry)
    {
        lock (_gate)
        {
            _entries[(prefix, role)] = entry;
        }
    }

    internal void Forget(string prefix, string role)
    {
        lock (_gate)
        {
            _entries.Remove((prefix, role));
        }
    }

    /// <summary>A digest of the followers' ids and keys (the keys sign every version): never kept in clear.</summary>
    internal static string Fingerprint(IReadOnlyList<FollowerEntry> followers)
    {
        var text = new StringBuilder();
        foreach (var follower in followers.OrderBy(f => f.Id, StringComparer.Ordinal))
        {
            text.Append(follower.Id).Append('\n').Append(follower.Key).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <param name="History">The role's history list after the commit; null when not read.</param>
    internal sealed record Entry(long Generation, long Serial, string Sha256, string? Components, string Followers, IReadOnlyList<RedisValue>? History);
}
