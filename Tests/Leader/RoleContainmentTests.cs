using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>A failure in one role (render, store, publish) never stops another, and no exception leaves the pass.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class RoleContainmentTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private LeaderTree Tree() => new LeaderTree(redis.Endpoint)
        .Template("core", "a.conf", "domain {{ DOMAIN }}")
        .Template("static", "b.conf", "root {{ DOMAIN }}");

    [Theory]
    [InlineData("garbage")]
    [InlineData("99999999999999999999999")]
    [InlineData("-1")]
    public async Task Run_PinOfOneRoleHoldsGarbage_ThatRoleReportsTheKeyAndOthersAreStored(string pin)
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync("first");
        await redis.Db.StringSetAsync(leader.Keys.Pin("core"), pin);
        tree.Value("DOMAIN", "next.test");

        var reports = await leader.RunAsync("edit");

        var core = reports.Single(r => r.Role == "core");
        core.Failed.Should().BeTrue();
        core.Render.Errors.Should().ContainSingle().Which.ToString().Should().Contain(leader.Keys.Pin("core").ToString());
        (await leader.FileAsync("core", "a.conf")).Should().Be("domain pryv.test");
        reports.Single(r => r.Role == "static").Store!.Serial.Should().Be(2);
        (await leader.FileAsync("static", "b.conf")).Should().Be("root next.test");
    }

    [Fact]
    public async Task Run_SerialOfOneRoleAtTheLargestValue_ThatRoleReportsAndOthersAreStored()
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync("first");
        await redis.Db.StringSetAsync(leader.Keys.Serial("core"), (1L << 53) - 1);
        tree.Value("DOMAIN", "next.test");

        var reports = await leader.RunAsync("edit");

        var core = reports.Single(r => r.Role == "core");
        core.Failed.Should().BeTrue();
        core.Render.Errors.Should().ContainSingle().Which.Message.Should().Contain("largest serial");
        reports.Single(r => r.Role == "static").Store!.Serial.Should().Be(2);
    }
}
