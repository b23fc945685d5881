using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Status;
using PryvBus.Shared.Access;
using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Access;

/// <summary>
/// The leader reads follower status hashes bounded: only the fields it knows, after a size check. An oversized or
/// garbage hash (written with a leaked follower key) is reported on that follower's row, logged naming the follower,
/// and deleted.
/// </summary>
[SupportedOSPlatform("linux")]
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class StatusHashBoundsTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string CoreKey = "core-1-key-0123456789abcdef";

    public static TheoryData<string> Attacks => ["one huge field", "many fields", "huge error"];

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task ReadAsync_OversizedStatusHash_IsReportedLoggedAndDeleted(string attack)
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "x").Follower("core-1", "core", CoreKey);
        var settings = tree.Load();
        var keys = new PryvBus.Shared.RedisKeys(settings.KeyPrefix);
        await AclTestClients.ProvisionAsync(redis, settings);
        await using (var follower = await AclTestClients.FollowerAsync(redis, FollowerAcl.UserName(keys, "core-1"), CoreKey))
        {
            var db = follower.GetDatabase();
            var status = keys.Follower("core-1");
            await db.HashSetAsync(status, [new(StatusFields.State, FollowerState.Ok), new(StatusFields.Serial, "1")]);
            switch (attack)
            {
                case "one huge field":
                    await db.HashSetAsync(status, "restart:x", new string('x', 4 * 1024 * 1024));
                    break;
                case "many fields":
                    await db.HashSetAsync(status, [.. Enumerable.Range(0, 5000).Select(i => new HashEntry($"f{i}", "v"))]);
                    break;
                default:
                    await db.HashSetAsync(status, StatusFields.Error, new string('e', 2 * 1024 * 1024));
                    break;
            }
        }

        using var logs = new LogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var rows = await new ConvergenceReader(redis.Admin, factory.CreateLogger<ConvergenceReader>()).ReadAsync(settings);

        var row = rows.Should().ContainSingle().Subject;
        row.State.Should().Be("rejected");
        row.Error.Should().Contain("deleted");
        row.Error!.Length.Should().BeLessThan(300, "the row reports the problem, never the content");
        row.Applied.Should().BeNull();
        (await redis.Db.KeyExistsAsync(keys.Follower("core-1"))).Should().BeFalse("an oversized status hash is deleted");
        logs.Entries.Should().ContainSingle(e => e.Level == LogLevel.Warning && e.Message.Contains("core-1", StringComparison.Ordinal)
            && e.Message.Contains("deleted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_StatusKeyOfAnotherType_IsReportedAndDeleted()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "x").Follower("core-1", "core", CoreKey);
        var settings = tree.Load();
        var keys = new PryvBus.Shared.RedisKeys(settings.KeyPrefix);
        await redis.Db.StringSetAsync(keys.Follower("core-1"), "not a hash");

        var rows = await new ConvergenceReader(redis.Admin).ReadAsync(settings);

        rows.Should().ContainSingle().Which.State.Should().Be("rejected");
        (await redis.Db.KeyExistsAsync(keys.Follower("core-1"))).Should().BeFalse();
    }

    [Fact]
    public async Task ReadAsync_NormalStatusHash_IsReadAndKept()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "x").Follower("core-1", "core", CoreKey);
        var settings = tree.Load();
        var keys = new PryvBus.Shared.RedisKeys(settings.KeyPrefix);
        await redis.Db.HashSetAsync(keys.Follower("core-1"), [
            new(StatusFields.State, FollowerState.Error), new(StatusFields.Serial, "0"), new(StatusFields.Host, "node-1"),
            new(StatusFields.Error, "check failed"), new("restart:core", "ok 2026-11-30T03:00:00Z")]);

        var row = (await new ConvergenceReader(redis.Admin).ReadAsync(settings)).Should().ContainSingle().Subject;

        row.State.Should().Be(FollowerState.Error);
        row.Applied.Should().Be(0);
        row.Host.Should().Be("node-1");
        row.Error.Should().Be("check failed");
        (await redis.Db.KeyExistsAsync(keys.Follower("core-1"))).Should().BeTrue();
    }

    [Fact]
    public async Task ReadAsync_ComposeStepFailed_ShownOnTheRowAndInTheErrorColumn()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "x").Follower("core-1", "core", CoreKey);
        var settings = tree.Load();
        var keys = new PryvBus.Shared.RedisKeys(settings.KeyPrefix);
        const string compose = "failed 2026-11-30T03:00:00.000Z: nginx failed: image pryvio/nginx:1.9.1 is not on this machine";
        await redis.Db.HashSetAsync(keys.Follower("core-1"), [
            new(StatusFields.State, FollowerState.Ok), new(StatusFields.Serial, "1"), new(StatusFields.Compose, compose),
            new(StatusFields.ImagePrefix + "nginx", "wanted pryvio/nginx:1.9.1; running pryvio/nginx:1.9.0")]);

        var row = (await new ConvergenceReader(redis.Admin).ReadAsync(settings)).Should().ContainSingle().Subject;

        row.Compose.Should().Be(compose);
        PryvBus.Leader.Commands.StatusCommand.Cells(row)[^1].Should().Be("compose " + compose);
    }
}
