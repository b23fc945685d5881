using System.Runtime.Versioning;
using PryvBus.Shared;
using PryvBus.Shared.Access;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Access;

/// <summary>
/// Every command a shipped Redis user must not run, tried as that user against the shipped <c>users.acl</c>: the
/// server answers NOPERM. The users are the leader, ops, and a follower user exactly as the leader provisions it.
/// </summary>
[SupportedOSPlatform("linux")]
[Trait(TestCategory.Name, TestCategory.Redis)]
public class ShippedAclDenialTests(ShippedRedisServer redis) : IClassFixture<ShippedRedisServer>
{
    private const string FollowerUser = "pryvbus:follower:core-1";
    private const string FollowerKey = "core-1-key-0123456789abcdef";

    /// <summary>What stops, freezes or rewires the server, or reaches past a user's keys: no shipped user may.</summary>
    private static readonly string[] DeniedToEveryone =
    [
        "CLIENT PAUSE 10000", "CLIENT UNPAUSE", "CLIENT KILL ID 999999", "CLIENT KILL USER pryvbus-leader", "CLIENT UNBLOCK 1",
        "CLIENT NO-EVICT on", "CONFIG GET *", "CONFIG SET appendonly no", "CONFIG REWRITE", "CONFIG RESETSTAT",
        "FLUSHALL", "FLUSHDB", "DEBUG SLEEP 0", "SHUTDOWN NOSAVE", "MONITOR", "KEYS *", "SWAPDB 0 1",
        "MIGRATE 127.0.0.1 1 pryvbus:serial:core 0 1000", "RESTORE pryvbus:serial:x 0 x", "REPLICAOF NO ONE", "SLAVEOF NO ONE",
        "FAILOVER", "SAVE", "BGSAVE", "BGREWRITEAOF", "MODULE LIST", "ACL LOAD", "ACL GETUSER default", "ACL DRYRUN default get x",
        "SCRIPT FLUSH", "FUNCTION FLUSH", "EVAL return 1 0", "SLOWLOG RESET", "LATENCY RESET", "CLUSTER RESET", "PSYNC ? -1",
        "MEMORY PURGE", "SET outside:the:prefix 1", "SUBSCRIBE another-channel", "PUBLISH another-channel x",
    ];

    /// <summary>Managing users, writing the bus's keys and reading secrets: the leader's work only.</summary>
    private static readonly string[] DeniedToOpsAndFollowers =
    [
        "ACL SETUSER intruder on >x +@all ~*", "ACL DELUSER pryvbus-leader", "ACL SAVE", "ACL LIST", "ACL USERS",
        "SET pryvbus:serial:core 9", "DEL pryvbus:serial:core", "INCR pryvbus:serial:core", "HSET pryvbus:meta:core:1 sha256 x",
        "HGETALL pryvbus:secrets:platform", "HGETALL pryvbus:secrets:role:core", "EXPIRE pryvbus:serial:core 1", "SELECT 1",
        "HSET pryvbus:admission:core serial 9", "DEL pryvbus:admission:core", "HSET pryvbus:rollout:core state done",
    ];

    /// <summary>A follower reads its role, writes its own status hash, and listens: nothing else.</summary>
    private static readonly string[] DeniedToFollowers =
    [
        "PUBLISH pryvbus:events x", "INFO", "CLIENT LIST", "ACL LOG", "SCAN 0", "GET pryvbus:serial:static",
        "HSET pryvbus:follower:core-2 serial 9", "HGETALL pryvbus:config:static:1", "PSUBSCRIBE pryvbus:*",
        "HGETALL pryvbus:admission:static", "HGETALL pryvbus:rollout:core",
    ];

    /// <summary>Ops inspect and publish reloads: never change the store nor the follower status hashes.</summary>
    private static readonly string[] DeniedToOps = ["HSET pryvbus:follower:core-1 serial 9", "DEL pryvbus:follower:core-1"];

    /// <summary>The leader needs neither the users' denial log nor the connection list.</summary>
    private static readonly string[] DeniedToLeader = ["ACL LOG", "CLIENT LIST"];

    public static TheoryData<string, string> Denials()
    {
        var data = new TheoryData<string, string>();
        foreach (var command in DeniedToEveryone.Concat(DeniedToLeader))
        {
            data.Add(ShippedRedisServer.LeaderUser, command);
        }

        foreach (var command in DeniedToEveryone.Concat(DeniedToOpsAndFollowers).Concat(DeniedToOps))
        {
            data.Add(ShippedRedisServer.OpsUser, command);
        }

        foreach (var command in DeniedToEveryone.Concat(DeniedToOpsAndFollowers).Concat(DeniedToFollowers))
        {
            data.Add(FollowerUser, command);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Denials))]
    public async Task ShippedUser_DeniedCommand_IsRefusedWithNoPerm(string user, string command)
    {
        await EnsureFollowerUserAsync();

        var reply = await RawRedisClient.SendAsync(redis.Port, user, Password(user), command.Split(' '));

        // DEBUG and MODULE are also switched off in the shipped redis.conf, which Redis checks before the ACL.
        var refused = reply.StartsWith("-NOPERM", StringComparison.Ordinal)
            || (command.Split(' ')[0] is "DEBUG" or "MODULE" && reply.StartsWith("-ERR " + command.Split(' ')[0] + " command not allowed", StringComparison.Ordinal));
        refused.Should().BeTrue($"{user} must not run {command}, but the server answered {reply}");
    }

    [Fact]
    public async Task FollowerUser_Admission_ReadsItsRolesOnly()
    {
        await EnsureFollowerUserAsync();

        var reply = await RawRedisClient.SendAsync(redis.Port, FollowerUser, FollowerAcl.Password(FollowerKey), ["HGETALL", "pryvbus:admission:core"]);

        reply.Should().NotStartWith("-");
    }

    [Fact]
    public async Task OpsUser_ClientPauseAndKill_LeaveTheLeaderWorking()
    {
        var pause = await RawRedisClient.SendAsync(redis.Port, ShippedRedisServer.OpsUser, ShippedRedisServer.OpsPassword, ["CLIENT", "PAUSE", "60000", "WRITE"]);
        var kill = await RawRedisClient.SendAsync(redis.Port, ShippedRedisServer.OpsUser, ShippedRedisServer.OpsPassword, ["CLIENT", "KILL", "USER", ShippedRedisServer.LeaderUser]);

        // A paused server would hold this write for a minute; the raw client gives up after ten seconds.
        var write = await RawRedisClient.SendAsync(redis.Port, ShippedRedisServer.LeaderUser, ShippedRedisServer.LeaderPassword, ["SET", "pryvbus:ops-pause-probe", "1"]);

        pause.Should().StartWith("-NOPERM");
        kill.Should().StartWith("-NOPERM");
        write.Should().Be("+OK");
    }

    private static string Password(string user) => user switch
    {
        ShippedRedisServer.LeaderUser => ShippedRedisServer.LeaderPassword,
        ShippedRedisServer.OpsUser => ShippedRedisServer.OpsPassword,
        _ => FollowerAcl.Password(FollowerKey),
    };

    /// <summary>The follower user exactly as the leader provisions it, created by the leader's own user.</summary>
    private async Task EnsureFollowerUserAsync()
    {
        var rules = FollowerAcl.Rules(new RedisKeys(RedisKeys.DefaultPrefix), "core-1", "core", FollowerKey);
        var reply = await RawRedisClient.SendAsync(
            redis.Port, ShippedRedisServer.LeaderUser, ShippedRedisServer.LeaderPassword, ["ACL", "SETUSER", FollowerUser, .. rules]);
        reply.Should().Be("+OK");
    }
}
