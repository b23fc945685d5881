using System.Runtime.Versioning;
using PryvBus.Shared;
using PryvBus.Shared.Access;
using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;

namespace PryvBus.Tests.Access;

/// <summary>
/// What a leaked follower key can write (its own status hash) must never steer the leader: serials and the store
/// generation are the leader's alone.
/// </summary>
[SupportedOSPlatform("linux")]
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class FollowerStatusAttackTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string CoreKey = "core-1-key-0123456789abcdef";

    [Theory]
    [InlineData("9223372036854775806")]
    [InlineData("9007199254740991")]
    [InlineData("-9223372036854775808")]
    [InlineData("not a number")]
    public async Task Run_FollowerWritesAHugeSerialIntoItsStatus_SerialsUnchangedAndEveryRoleRenders(string serial)
    {
        using var tree = new LeaderTree(redis.Endpoint)
            .Template("core", "a.conf", "domain {{ DOMAIN }}")
            .Template("static", "b.conf", "root {{ DOMAIN }}")
            .Follower("core-1", "core", CoreKey);
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync("first");
        await AclTestClients.ProvisionAsync(redis, tree.Load());
        await using (var follower = await AclTestClients.FollowerAsync(redis, FollowerAcl.UserName(leader.Keys, "core-1"), CoreKey))
        {
            await follower.GetDatabase().HashSetAsync(leader.Keys.Follower("core-1"), StatusFields.Serial, serial);
        }

        tree.Value("DOMAIN", "next.test");
        var edited = await leader.RunAsync("edit");
        var restarted = await new LeaderHarness(redis, tree).RunAsync("leader restarted");
        tree.Value("DOMAIN", "third.test");
        var third = await new LeaderHarness(redis, tree).RunAsync("edit again");

        edited.Should().OnlyContain(r => !r.Failed && r.Store!.Serial == 2);
        restarted.Should().OnlyContain(r => !r.Failed && r.Store!.Serial == 2);
        third.Should().OnlyContain(r => !r.Failed && r.Store!.Serial == 3);
        (await leader.FileAsync("core", "a.conf")).Should().Be("domain third.test");
    }
}
