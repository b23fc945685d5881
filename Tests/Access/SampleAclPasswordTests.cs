using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Access;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Access;

/// <summary>The sample passwords of compose/redis/users.acl open Redis to anyone: the leader names every user still on one.</summary>
[SupportedOSPlatform("linux")]
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class SampleAclPasswordTests(ShippedRedisServer redis) : IClassFixture<ShippedRedisServer>
{
    [Fact]
    public void UsersWithSamplePassword_ShippedAclFile_FindsEveryUserWithAPassword() =>
        SampleCredentials.UsersWithSamplePassword(File.ReadAllLines(Path.Combine(ShippedRedisServer.ComposeRedis(), "users.acl")))
            .Should().BeEquivalentTo(ShippedRedisServer.LeaderUser, ShippedRedisServer.OpsUser);

    [Fact]
    public void UsersWithSamplePassword_OwnPasswords_FindsNone() =>
        SampleCredentials.UsersWithSamplePassword(
            [
                "user default off resetchannels -@all",
                "user pryvbus-leader on #0000000000000000000000000000000000000000000000000000000000000000 ~pryvbus:* +@all",
                "user pryvbus-ops on >an-own-password-of-the-operator ~pryvbus:* +@read",
                "user x on >change-me", // a sample written in plain text is found too
            ]).Should().Equal("x");

    [Fact]
    public async Task ProvisionAsync_ServerStillOnSamplePasswords_LogsAnErrorNamingTheUsersOnce()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "x");
        var settings = tree.Load();
        using var logs = new LogCollector();
        await using var leader = await ConnectionMultiplexer.ConnectAsync(redis.Options(ShippedRedisServer.LeaderUser, ShippedRedisServer.LeaderPassword));
        var provisioner = new AclProvisioner(leader, new Logger<AclProvisioner>(new LoggerFactory([logs])));

        await provisioner.ProvisionAsync(settings);
        await provisioner.ProvisionAsync(settings);

        var entry = logs.Ours.Should().ContainSingle(e => e.EventId == 2201, "reported once while nothing changes").Subject;
        entry.Level.Should().Be(LogLevel.Error, "no demo was declared");
        entry.Message.Should().Contain(ShippedRedisServer.OpsUser).And.Contain(ShippedRedisServer.LeaderUser).And.NotContain("#");
    }
}
