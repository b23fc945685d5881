using System.Globalization;
using System.Runtime.Versioning;
using PryvBus.Shared;
using PryvBus.Shared.Access;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Access;

/// <summary>
/// The shipped <c>redis.conf</c> bounds what a leaked follower key can write into its status hash: one value is at
/// most <c>proto-max-bulk-len</c>, and memory is capped with <c>noeviction</c> (writes fail, Redis stays up).
/// </summary>
[SupportedOSPlatform("linux")]
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class ShippedRedisLimitsTests(ShippedRedisServer redis) : IClassFixture<ShippedRedisServer>
{
    private const string FollowerUser = "pryvbus:follower:core-1";
    private const string FollowerKey = "core-1-key-0123456789abcdef";

    [Fact]
    public async Task FollowerUser_HugeValueInItsStatusHash_IsRefusedAndRedisKeepsServing()
    {
        await EnsureFollowerUserAsync();
        var huge = new string('x', 17 * 1024 * 1024);

        await using (var follower = await AclTestClients.FollowerAsync(redis.Endpoint, FollowerUser, FollowerKey))
        {
            var act = () => follower.GetDatabase().HashSetAsync(FollowerUser, "error", huge);
            await act.Should().ThrowAsync<RedisException>("a value over proto-max-bulk-len is a protocol error");
        }

        await using var leader = await ConnectionMultiplexer.ConnectAsync(LeaderOptions());
        (await leader.GetDatabase().HashStringLengthAsync(FollowerUser, "error")).Should().Be(0, "nothing of it was stored");
        (await leader.GetDatabase().PingAsync()).Should().BeGreaterThan(TimeSpan.Zero);
    }

    [Fact]
    public async Task ShippedConfig_Memory_IsCappedWithNoEviction()
    {
        await using var leader = await ConnectionMultiplexer.ConnectAsync(LeaderOptions());

        var info = (string?)await leader.GetDatabase().ExecuteAsync("INFO", "memory") ?? string.Empty;
        var fields = info.Split('\n').Select(l => l.Trim().Split(':', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);

        long.Parse(fields["maxmemory"], CultureInfo.InvariantCulture).Should().BePositive("an unbounded Redis can be made to take the machine's memory");
        fields["maxmemory_policy"].Should().Be("noeviction", "evicting would silently drop versions or secrets");
    }

    [Fact]
    public async Task LeaderUser_OversizedStatusHash_IsRejectedAndDeletedInsideItsAcl()
    {
        await EnsureFollowerUserAsync();
        await using (var follower = await AclTestClients.FollowerAsync(redis.Endpoint, FollowerUser, FollowerKey))
        {
            await follower.GetDatabase().HashSetAsync(FollowerUser, [.. Enumerable.Range(0, 40).Select(i => new HashEntry($"restart:c{i}", new string('x', 16 * 1024)))]);
        }

        // Connected exactly as the leader connects (its options stay inside its ACL).
        await using var leader = await ConnectionMultiplexer.ConnectAsync(LeaderOptions());
        using var tree = new LeaderTree(redis.Endpoint, RedisKeys.DefaultPrefix).Template("core", "a.conf", "x").Follower("core-1", "core", FollowerKey);
        var settings = tree.Load();
        var rows = await new PryvBus.Leader.Status.ConvergenceReader(leader).ReadAsync(settings);

        rows.Should().ContainSingle().Which.State.Should().Be("rejected");
        (await leader.GetDatabase().KeyExistsAsync(FollowerUser)).Should().BeFalse();
        await using var ops = await ConnectionMultiplexer.ConnectAsync(redis.Options(ShippedRedisServer.OpsUser, ShippedRedisServer.OpsPassword));
        (await AclTestClients.DeniedAsync(ops.GetDatabase(), ShippedRedisServer.LeaderUser)).Should().BeEmpty("HLEN, MEMORY USAGE, HMGET and DEL are all in the leader's ACL");
    }

    private ConfigurationOptions LeaderOptions() =>
        new PryvBus.Leader.Settings.RedisSettings(redis.Endpoint, ShippedRedisServer.LeaderUser, ShippedRedisServer.LeaderPassword).ToOptions();

    /// <summary>The follower user exactly as the leader provisions it, created by the leader's own user.</summary>
    private async Task EnsureFollowerUserAsync()
    {
        var rules = FollowerAcl.Rules(new RedisKeys(RedisKeys.DefaultPrefix), "core-1", "core", FollowerKey);
        var reply = await RawRedisClient.SendAsync(
            redis.Port, ShippedRedisServer.LeaderUser, ShippedRedisServer.LeaderPassword, ["ACL", "SETUSER", FollowerUser, .. rules]);
        reply.Should().Be("+OK");
    }
}
