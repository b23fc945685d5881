using PryvBus.Shared;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.LeaderState;

/// <summary>Review L1: backup reads every number with the parser restore uses; garbage is one line naming the key.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class BackupValidationTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Theory]
    [InlineData("history", "garbage")]
    [InlineData("history", "0")]
    [InlineData("pin", "9223372036854775807")]
    [InlineData("generation", "-5")]
    [InlineData("serial", "12abc")]
    public async Task Backup_GarbageNumberInRedis_RefusedNamingTheKeyAndNoFileWritten(string where, string garbage)
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "core/conf/core.yml", "domain: {{ DOMAIN }}\n");
        using var backups = new TempDirectory();
        var config = tree.Save();
        var file = backups.Combine("pryvbus.backup");
        (await StateCommand.RunAsync("render", "--config", config)).Exit.Should().Be(0);
        var keys = new RedisKeys(tree.Prefix);
        var key = where switch
        {
            "history" => keys.History("core"),
            "pin" => keys.Pin("core"),
            "generation" => keys.Generation,
            _ => keys.Serial("core"),
        };
        if (where == "history")
        {
            await redis.Db.ListRightPushAsync(key, garbage);
        }
        else
        {
            await redis.Db.StringSetAsync(key, garbage);
        }

        var backup = await StateCommand.RunAsync("backup", file, "--config", config);

        backup.Exit.Should().Be(3);
        backup.Error.Trim().Split('\n').Should().ContainSingle().Which.Should().Contain(key.ToString()).And.Contain(garbage);
        File.Exists(file).Should().BeFalse("a backup restore would refuse is never written");
    }
}
