using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Access;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Access;

/// <summary>
/// The leader refuses to start (one line, exit code 2) while a Redis user still accepts a shipped sample password
/// of <c>users.acl</c>, unless the operator declared a demo. The real process, on the shipped redis.conf and users.acl.
/// </summary>
[SupportedOSPlatform("linux")]
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class SampleAclStartupTests(ShippedRedisServer redis) : IClassFixture<ShippedRedisServer>
{
    private const string LeaderPassword = "own-leader-password-0123456789";

    [Fact]
    public async Task Run_OpsUserOnItsSamplePassword_ExitsWithOneLineAndCode2()
    {
        using var tree = await TreeAsync();

        using var leader = ProgramProcess.Start("Leader", "pryvbus-leader", ["run", "--config", tree.Save()], null, null);
        var code = await leader.WaitForExitAsync(TimeSpan.FromSeconds(60));

        code.Should().Be(2, "a sample credential refuses the start like one in the settings (output: {0}{1})", leader.Stdout, leader.Stderr);
        var line = leader.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle().Subject;
        line.Should().Contain("pryvbus-ops").And.Contain("sample password").And.Contain("PRYVBUS_DEMO").And.NotContain("pryvbus-leader,");
        (leader.Stdout + leader.Stderr).Should().NotContain("   at ").And.NotContain("change-me-ops-password");
    }

    [Fact]
    public async Task Check_InADemo_AcceptsTheSamplePasswords()
    {
        using var tree = await TreeAsync();
        var settings = tree.Load() with { Demo = true };
        await using var connection = await ConnectionMultiplexer.ConnectAsync(settings.Redis.ToOptions());

        var act = () => new SampleAclGuard(connection, settings, NullLogger<SampleAclGuard>.Instance).CheckAsync(CancellationToken.None);

        await act.Should().NotThrowAsync();
    }

    [Fact]
    public async Task Check_NoSamplePasswordLeft_Starts()
    {
        using var tree = await TreeAsync();
        var settings = tree.Load();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(settings.Redis.ToOptions());
        await connection.GetDatabase().ExecuteAsync("ACL", "SETUSER", ShippedRedisServer.OpsUser, "resetpass", ">own-ops-password-0123456789");
        try
        {
            var act = () => new SampleAclGuard(connection, settings, NullLogger<SampleAclGuard>.Instance).CheckAsync(CancellationToken.None);

            await act.Should().NotThrowAsync();
        }
        finally
        {
            await connection.GetDatabase().ExecuteAsync("ACL", "SETUSER", ShippedRedisServer.OpsUser, "resetpass", ">" + ShippedRedisServer.OpsPassword);
        }
    }

    /// <summary>The leader's own password replaced (a sample one would be refused by the settings first); ops keeps its sample.</summary>
    private async Task<LeaderTree> TreeAsync()
    {
        try
        {
            await RawRedisClient.SendAsync(
                redis.Port, ShippedRedisServer.LeaderUser, ShippedRedisServer.LeaderPassword, ["ACL", "SETUSER", ShippedRedisServer.LeaderUser, "resetpass", ">" + LeaderPassword]);
        }
        catch (InvalidOperationException)
        {
            // Already replaced by an earlier test of this class (the fixture is shared).
        }

        var tree = new LeaderTree(redis.Endpoint, "pryvbus").Template("core", "a.conf", "x");
        tree.Config["redis"] = new JsonObject
        {
            ["configuration"] = redis.Endpoint, ["user"] = ShippedRedisServer.LeaderUser, ["password"] = LeaderPassword,
        };
        tree.Config["http"] = new JsonObject { ["enabled"] = false };
        return tree;
    }
}
