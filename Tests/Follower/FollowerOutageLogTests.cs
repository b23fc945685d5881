using System.Net;
using System.Net.Sockets;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>A Redis outage in the real follower's log: one warning when it starts, one line when it ends, whatever the retries.</summary>
public sealed class FollowerOutageLogTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

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
