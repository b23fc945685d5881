using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Values;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;
using StackExchange.Redis;

namespace PryvBus.Tests.Values;

/// <summary>
/// A value changed through the API (or the console) is audited once the version it makes is out: the record never
/// stands between the operator's change and the followers (docs/performance.md, "The operator path on the real leader"),
/// and the answer still waits for it.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class ValueAuditOrderTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task SetAsync_Changed_AuditedAfterTheNewVersionIsStored()
    {
        using var tree = PlatformApi.Tree(redis.Endpoint);
        tree.Save();
        var settings = SettingsLoader.Load(tree.ConfigPath);
        var pipeline = new PlatformPipeline(redis.Admin, NullLogger<PlatformPipeline>.Instance, _ => null);
        var first = (await pipeline.RunAsync(settings, "start")).Single(r => r.Role == "core").Store!.Serial;
        var serialKey = new LeaderHarness(redis, tree).Keys.Serial("core");
        var audit = new SerialAtRecord(redis.Db, serialKey);
        using var service = new ValueService(settings.ConfigPath, settings.StateDirectory, SettingsEnvironment.From(_ => null), pipeline, redis.Admin, audit);

        var asked = DateTimeOffset.UtcNow;
        var outcome = await service.SetAsync(new ValueRequest("PORT", JsonSerializer.SerializeToElement(4000), "new port"), Actor.Cli());

        audit.Times.Should().ContainSingle().Which.Should().BeOnOrAfter(asked, "the record keeps the time of the change, not of the record");
        var stored = outcome.Reports.Single(r => r.Role == "core").Store!.Serial;
        stored.Should().BeGreaterThan(first);
        audit.Seen.Should().ContainSingle().Which.Should().Be(("value.set", stored.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            "the record is made once the new version is current");
    }

    [Fact]
    public async Task SetAsync_RoleFails_StillAudited()
    {
        // Redis refuses the role's serial (WRONGTYPE): the value is written, the role not stored; the change is audited.
        var (outcome, seen) = await SetBreakingAsync((keys, db) => db.HashSet(keys.Serial("core"), "not", "a serial"));

        outcome.Reports.Single(r => r.Role == "core").Failed.Should().BeTrue();
        seen.Should().ContainSingle().Which.Action.Should().Be("value.set");
    }

    [Fact]
    public async Task SetAsync_PassFails_StillAudited()
    {
        // Redis refuses the generation (WRONGTYPE): the whole pass fails, the value is written, not rendered; audited.
        var (outcome, seen) = await SetBreakingAsync((keys, db) => db.HashSet(keys.Generation, "not", "a generation"));

        outcome.RenderProblem.Should().Contain("WRONGTYPE");
        seen.Should().ContainSingle().Which.Action.Should().Be("value.set");
    }

    private async Task<(ValueOutcome Outcome, List<(string Action, string? Serial)> Seen)> SetBreakingAsync(Action<PryvBus.Shared.RedisKeys, IDatabase> breakStore)
    {
        using var tree = PlatformApi.Tree(redis.Endpoint);
        tree.Save();
        var settings = SettingsLoader.Load(tree.ConfigPath);
        var keys = new LeaderHarness(redis, tree).Keys;
        var audit = new SerialAtRecord(redis.Db, keys.Serial("core"));
        using var service = new ValueService(settings.ConfigPath, settings.StateDirectory, SettingsEnvironment.From(_ => null),
            new PlatformPipeline(redis.Admin, NullLogger<PlatformPipeline>.Instance, _ => null), redis.Admin, audit);
        breakStore(keys, redis.Db); // the edit itself needs no Redis key (the serials read to mark the answer may fail): the file is written all the same

        var outcome = await service.SetAsync(new ValueRequest("PORT", JsonSerializer.SerializeToElement(4001), "new port"), Actor.Cli());
        return (outcome, audit.Seen);
    }

    /// <summary>The audit trail as a spy: each record with the role's serial in Redis when it was made.</summary>
    private sealed class SerialAtRecord(IDatabase db, RedisKey serialKey) : IAuditTrail
    {
        public List<(string Action, string? Serial)> Seen { get; } = [];

        public List<DateTimeOffset?> Times { get; } = [];

        public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
        {
            Times.Add(entry.At);
            Seen.Add((entry.Action, await db.KeyTypeAsync(serialKey) == RedisType.String ? (string?)await db.StringGetAsync(serialKey) : null));
        }
    }
}
