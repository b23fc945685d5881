using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Audit;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Audit;

/// <summary>An entry's free-text fields are bounded as recorded, whatever a caller passes: a caller that forgot a check cannot fill the stream.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class AuditBoundsTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Record_HugeRoleReasonAndDetail_EachBounded()
    {
        using var tree = new LeaderTree(redis.Endpoint);
        var settings = tree.Load();
        var huge = new string('r', 100_000);

        await new RedisAuditTrail(redis.Admin, () => settings, NullLogger.Instance).RecordAsync(new AuditEntry("test.bounds", Actor.Cli(), huge, huge, huge));

        var record = (await new AuditStream(redis.Db, new RedisKeys(tree.Prefix)).ReadAllAsync()).Single().Record!;
        record.Role!.Length.Should().Be(AuditRecord.MaxRole);
        record.Reason!.Length.Should().Be(AuditRecord.MaxReason);
        record.Detail!.Length.Should().Be(AuditRecord.MaxDetail);
        record.Role.Should().EndWith("…");
    }
}
