using System.Text.Json.Nodes;
using PryvBus.Follower.Settings;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;
using FollowerRedis = PryvBus.Follower.Settings.RedisSettings;
using FollowerSettingsException = PryvBus.Follower.Settings.SettingsException;
using LeaderRedis = PryvBus.Leader.Settings.RedisSettings;
using LeaderSettingsException = PryvBus.Leader.Settings.SettingsException;

namespace PryvBus.Tests.Shared;

/// <summary>
/// A password or user inside <c>redis.configuration</c> would skip the sample-credential check and be printed with
/// the configuration: both programs refuse it at load and point at <c>redis.password</c> / <c>redis.user</c>.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class RedisConfigurationCredentialTests
{
    [Theory]
    [InlineData("127.0.0.1:6379,password=change-me-leader-password", "redis.password")]
    [InlineData("127.0.0.1:6379, Password = a-real-secret-value", "redis.password")]
    [InlineData("127.0.0.1:6379,user=pryvbus-leader", "redis.user")]
    [InlineData("127.0.0.1:6379,USER=x,ssl=true", "redis.user")]
    public void Load_CredentialInsideConfiguration_IsRefusedNamingTheKeyToUse(string configuration, string useInstead)
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");
        tree.Config["redis"] = new JsonObject { ["configuration"] = configuration };
        var follower = $$"""{ "id": "core-1", "role": "core", "key": "own-core-1-key-0123456789", "configRoot": "/r", "redis": { "configuration": "{{configuration}}" } }""";

        var leader = () => SettingsLoader.Load(tree.Save(), SettingsEnvironment.From(new Dictionary<string, string>()));
        var followerLoad = () => FollowerSettingsLoader.Parse(follower, "f.json", SettingsEnvironment.From(new Dictionary<string, string>()));

        var leaderError = leader.Should().Throw<LeaderSettingsException>().Which.Errors.Should().ContainSingle().Subject;
        leaderError.Should().StartWith("config-leader.json: redis.configuration: ").And.Contain(useInstead)
            .And.NotContain("change-me").And.NotContain("a-real-secret");
        var followerError = followerLoad.Should().Throw<FollowerSettingsException>().Which.Errors.Should().ContainSingle().Subject;
        followerError.Should().StartWith("f.json: redis.configuration: ").And.Contain(useInstead)
            .And.NotContain("change-me").And.NotContain("a-real-secret");
    }

    [Fact]
    public void ToString_PasswordInsideConfiguration_IsNeverPrinted()
    {
        // Settings built in code skip the loader: the text form still hides any password.
        var leader = new LeaderRedis("127.0.0.1:6379,password=a-real-secret-value,ssl=true", "pryvbus-leader", "another-secret");
        var follower = new FollowerRedis { Configuration = "h:1,PASSWORD=a-real-secret-value", User = "u", Password = "another-secret" };

        leader.ToString().Should().NotContain("a-real-secret").And.NotContain("another-secret").And.Contain("127.0.0.1:6379");
        follower.ToString().Should().NotContain("a-real-secret").And.NotContain("another-secret").And.Contain("h:1");
    }
}
