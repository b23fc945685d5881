using System.Net;
using System.Net.Sockets;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>A Redis outage in the real follower's log: one warning when it starts, one line when it ends, whatever the retries.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class FollowerOutageLogTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RedisRefuses_NoPermission_OneErrorWithTheMessageNotAnOutage()
    {
        var user = "m8f-" + Guid.NewGuid().ToString("N")[..8];
        await redis.Db.ExecuteAsync("ACL", "SETUSER", user, "on", ">m8-password-0123456789", "~*", "&*", "+@all", "-exec");
        using var temp = new TempDirectory();
        var prefix = RedisServer.NewPrefix();
        await new LeaderDouble(redis.Admin, prefix).PublishAsync(new Dictionary<string, string> { ["core/conf/core.yml"] = "a: 1\n" });
        var config = FollowerConfigFile.Write(temp, redis.Endpoint, prefix);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(config))!;
        json["redis"]!["user"] = user;
        json["redis"]!["password"] = "m8-password-0123456789";
        File.WriteAllText(config, json.ToJsonString());
        using var follower = ProgramProcess.Start(
            "Follower", "pryvbus-follower", ["--config", config], environment: new Dictionary<string, string> { ["PRYVBUS_LOG_LEVEL"] = "debug" });

        // The sync is retried with backoff: wait for a few refusals.
        await Wait.UntilAsync(
            () => follower.Stdout.Split('\n').Count(l => l.Contains("still refuses", StringComparison.Ordinal)) >= 2, Timeout, $"retries while Redis refuses ({follower.Stdout})");

        var lines = follower.Stdout.Split('\n');
        lines.Should().NotContain(l => l.Contains("unreachable", StringComparison.Ordinal), "Redis answered: it is not an outage");
        lines.Where(l => l.Contains("Redis refused the sync", StringComparison.Ordinal)).Should().ContainSingle("logged once, not per retry")
            .Which.Should().Contain("NOPERM").And.Contain(" fail ");
        follower.Stdout.Should().NotContain("   at ", "no stack trace");
    }

    [Fact]
    public async Task RedisOutage_ManyRetries_LogsOneWarningAndOneRecoveryLine()
    {
        using var temp = new TempDirectory();
        using var follower = FollowerConfigFile.Start(FollowerConfigFile.Write(temp, redis.Endpoint, RedisServer.NewPrefix()));
        await Wait.UntilAsync(() => follower.Stdout.Contains("Subscribed to", StringComparison.Ordinal), Timeout, "the follower to subscribe");
        var before = follower.Stdout.Length;

        await redis.KillAsync();
        await RefuseRedisAsync(redis.Port, attempts: 8);
        await redis.StartAsync();
        await Wait.UntilAsync(() => follower.Stdout[before..].Contains("reachable again", StringComparison.Ordinal), Timeout, "the recovery line");

        var outage = follower.Stdout[before..].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        outage.Where(l => l.Contains(" warn ", StringComparison.Ordinal) || l.Contains(" fail ", StringComparison.Ordinal))
            .Should().ContainSingle().Which.Should().Contain("Redis is unreachable");
        outage.Where(l => l.Contains("reachable again", StringComparison.Ordinal)).Should().ContainSingle();
        follower.Stdout.Should().NotContain("   at ", "no stack trace per retry");
    }

    /// <summary>
    /// Plays a Redis that accepts and hangs up until the follower has tried <paramref name="attempts"/> times: proof
    /// that it retried, without guessing how long that takes.
    /// </summary>
    private static async Task RefuseRedisAsync(int port, int attempts)
    {
        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        using var deadline = new CancellationTokenSource(Timeout);
        for (var i = 0; i < attempts; i++)
        {
            using var client = await listener.AcceptTcpClientAsync(deadline.Token);
        }
    }
}
