using Microsoft.Extensions.Logging;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>A Redis outage in the leader's log: one warning when it starts, one line when it ends, not an error per retry.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class LeaderOutageLogTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int OutageStarted = 2400;
    private const int StillDown = 2401;
    private const int OutageEnded = 2402;

    [Fact]
    public async Task RedisOutage_ManyRetries_LogsOneWarningAndOneRecoveryLine()
    {
        // Short client timeouts: a failed pass ends in a second or two instead of the client's default 5 s.
        using var tree = new LeaderTree(redis.Endpoint + ",connectTimeout=500,syncTimeout=500,asyncTimeout=500")
            .Template("core", "site.conf", "server_name {{ DOMAIN }};").Follower("core-1", "core", "core-1-key-0123456789abcdef");
        var logs = new LogCollector();
        await using var host = await LeaderApiHost.StartAsync(tree.Save(), logs);
        await Wait.UntilAsync(() => logs.Has(11), TimeSpan.FromSeconds(30), "the first version stored");
        var before = logs.Ours.Count;

        await redis.KillAsync();

        // A changed template asks for a pass; it fails and is retried with backoff until Redis is back.
        File.WriteAllText(tree.TemplatePath("core", "site.conf"), "server_name changed;");
        await Wait.UntilAsync(() => logs.Ours.Skip(before).Count(e => e.EventId == StillDown) >= 2, TimeSpan.FromSeconds(60), "retries while Redis is away");
        await redis.StartAsync();
        await Wait.UntilAsync(() => logs.Ours.Skip(before).Any(e => e.EventId == OutageEnded), TimeSpan.FromSeconds(60), "the recovery line");

        var outage = logs.Ours.Skip(before).TakeWhile(e => e.EventId != OutageEnded).ToList();
        var warnings = outage.Where(e => e.Level >= LogLevel.Warning).ToList();
        warnings.Select(e => e.EventId).Should().Equal(
            [OutageStarted], "an outage is one warning, not an error per retry (logged: {0})", string.Join(" | ", warnings.Select(e => $"{e.EventId} {e.Message}")));
    }

    [Fact]
    public async Task RedisRefuses_NoPermission_OneErrorWithTheMessageNotAnOutage()
    {
        var user = "m8-" + Guid.NewGuid().ToString("N")[..8];
        await redis.Db.ExecuteAsync("ACL", "SETUSER", user, "on", ">m8-password-0123456789", "~*", "&*", "+@all", "-exec");
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "site.conf", "server_name {{ DOMAIN }};");
        tree.Config["redis"]!["user"] = user;
        tree.Config["redis"]!["password"] = "m8-password-0123456789";
        var logs = new LogCollector();
        await using var host = await LeaderApiHost.StartAsync(tree.Save(), logs);

        // Every failed pass is retried with backoff; wait for a few of them.
        await Wait.UntilAsync(() => logs.Ours.Count(e => e.EventId == 2503) >= 2, TimeSpan.FromSeconds(60), "retries while Redis refuses");

        logs.Ours.Where(e => e.EventId is OutageStarted or StillDown).Should().BeEmpty("Redis answered: it is not an outage");
        logs.Ours.Where(e => e.EventId == 2502).Should().ContainSingle("the refusal is logged once, not per retry")
            .Which.Message.Should().Contain("NOPERM");
        logs.Ours.Single(e => e.EventId == 2502).Level.Should().Be(LogLevel.Error);
    }
}
