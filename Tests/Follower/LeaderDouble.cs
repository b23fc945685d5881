using System.Text;
using PryvBus.Leader.Publishing;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Shared.Events;
using StackExchange.Redis;

namespace PryvBus.Tests.Follower;

/// <summary>Plays the leader with the real leader code: store a version atomically, then publish its event.</summary>
internal sealed class LeaderDouble(IConnectionMultiplexer redis, string prefix)
{
    public const string Role = "core";
    public const string FollowerId = "core-1";
    public const string FollowerKey = "follower-key-0123456789abcdef";

    public RedisKeys Keys { get; } = new(prefix);

    /// <summary>What this leader knows: generation 1 and its serials, until a test makes it forget (<see cref="Restart"/>).</summary>
    public PryvBus.Tests.Fixtures.MemoryLedger Ledger { get; private set; } = new();

    /// <summary>Plays a leader that lost its memory of serials and writes in <paramref name="generation"/>.</summary>
    public void Restart(long generation) => Ledger = new PryvBus.Tests.Fixtures.MemoryLedger(generation);

    /// <summary>The <c>components</c> settings this leader signs into every version it stores (none by default).</summary>
    public IReadOnlyDictionary<string, PryvBus.Shared.Versions.ComponentSpec> Components { get; set; } =
        new Dictionary<string, PryvBus.Shared.Versions.ComponentSpec>(StringComparer.Ordinal);

    public async Task<long> StoreAsync(
        IReadOnlyDictionary<string, string> files, IEnumerable<string>? secretFiles = null, string key = FollowerKey)
    {
        var version = new RenderedVersion(
            Role,
            files.ToDictionary(f => f.Key, f => Encoding.UTF8.GetBytes(f.Value), StringComparer.Ordinal),
            new HashSet<string>(secretFiles ?? [], StringComparer.Ordinal));
        var result = await new VersionStore(redis, Keys, historyLength: 100)
            .StoreAsync(version.WithComponents(Components), [new FollowerEntry(FollowerId, Role, key)], "test", Ledger);
        return result.Serial;
    }

    public async Task<long> PublishAsync(
        IReadOnlyDictionary<string, string> files, IEnumerable<string>? secretFiles = null, string key = FollowerKey)
    {
        var serial = await StoreAsync(files, secretFiles, key);
        var sha = await redis.GetDatabase().HashGetAsync(Keys.Meta(Role, serial), "sha256");
        await new EventPublisher(redis, Keys).PublishAsync(new ConfigEvent(Role, serial, sha!));
        return serial;
    }

    public Task PublishRawAsync(string message) => redis.GetSubscriber().PublishAsync(Keys.Events, message);
}
