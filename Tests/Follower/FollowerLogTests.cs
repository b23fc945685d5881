using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Follower;

/// <summary>The real follower process's log: one line per entry, a UTC timestamp on each, and nothing raw from the channel.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed partial class FollowerLogTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Log_EveryLine_StartsWithAUtcTimestamp()
    {
        using var temp = new TempDirectory();
        using var follower = FollowerConfigFile.Start(FollowerConfigFile.Write(temp, redis.Endpoint, RedisServer.NewPrefix()));

        await Wait.UntilAsync(() => follower.Stdout.Contains("Subscribed to", StringComparison.Ordinal), Timeout, "the follower to subscribe");

        var lines = follower.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCountGreaterThan(1).And.OnlyContain(line => UtcTimestamp().IsMatch(line));
    }

    [Fact]
    public async Task Log_BinaryGarbageOnTheChannel_IsEscaped()
    {
        using var temp = new TempDirectory();
        var prefix = RedisServer.NewPrefix();
        using var follower = FollowerConfigFile.Start(FollowerConfigFile.Write(temp, redis.Endpoint, prefix));
        await Wait.UntilAsync(() => follower.Stdout.Contains("Subscribed to", StringComparison.Ordinal), Timeout, "the follower to subscribe");

        // A terminal escape, NUL, a byte that is not UTF-8, and a newline that would forge a log line of its own.
        byte[] garbage = [0x1b, (byte)'[', (byte)'2', (byte)'J', 0x00, 0xff, 0xfe, (byte)'\n', .. "2026-01-01T00:00:00.000Z info  forged"u8];
        await redis.Db.PublishAsync(new RedisKeys(prefix).Events, garbage);
        await Wait.UntilAsync(() => follower.Stdout.Contains("Ignored an invalid message", StringComparison.Ordinal), Timeout, "the follower to ignore it");

        var line = follower.Stdout.Split('\n').Single(l => l.Contains("Ignored an invalid message", StringComparison.Ordinal));
        // The parser quotes the message escaped, and the log escapes that text again (a backslash becomes \\).
        line.Should().Contain("\\\\x1B[2J\\\\x00\\\\uFFFD");
        follower.Stdout.Should().NotContainAny("\u001b", "\0", "\uFFFD");
        follower.Stdout.Split('\n').Should().NotContain(l => l.StartsWith("2026-01-01T00:00:00.000Z", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_MetricsPortInUse_ExitsWithOneLineAndCode4()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        using var temp = new TempDirectory();
        var config = FollowerConfigFile.Write(temp, redis.Endpoint, RedisServer.NewPrefix(), ((IPEndPoint)busy.LocalEndpoint).Port);

        using var follower = FollowerConfigFile.Start(config);
        var code = await follower.WaitForExitAsync(Timeout);

        code.Should().Be(4, "a port that cannot be listened on is exit code 4 (output: {0}{1})", follower.Stdout, follower.Stderr);
        follower.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle().Which.Should().Contain("cannot listen");
        (follower.Stdout + follower.Stderr).Should().NotContain("   at ");
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trce|dbug|info|warn|fail|crit) ")]
    private static partial Regex UtcTimestamp();
}
