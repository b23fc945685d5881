using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;
using FollowerRedis = PryvBus.Follower.Settings.RedisSettings;
using LeaderRedis = PryvBus.Leader.Settings.RedisSettings;

namespace PryvBus.Tests.Shared;

/// <summary>
/// The CLI verbs, <c>health</c> and the follower's <c>--health</c> connect once and give up: after the configuration's
/// <c>connectTimeout</c> when it sets one (a slow link, a remote Sentinel), else after 5 s as before.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class OneShotConnectTests
{
    [Theory]
    [InlineData("127.0.0.1:6379", 5000)]
    [InlineData("127.0.0.1:6379,syncTimeout=20000", 5000)]
    [InlineData("127.0.0.1:6379,connectTimeout=250", 250)]
    [InlineData("127.0.0.1:6379,ConnectTimeout=12000,syncTimeout=20000", 12000)]
    public void Apply_Configuration_TimeoutFromItOrFiveSeconds(string configuration, int expected)
    {
        var options = OneShotConnect.Apply(ConfigurationOptions.Parse(configuration));

        options.ConnectTimeout.Should().Be(expected);
        options.AbortOnConnectFail.Should().BeTrue("a one-shot command fails at once instead of retrying in the background");
    }

    [Fact]
    public void Apply_BothProgramsSettings_KeepTheConfiguredTimeout()
    {
        OneShotConnect.Apply(new LeaderRedis("127.0.0.1:6379,connectTimeout=750", null, null).ToOptions()).ConnectTimeout.Should().Be(750);
        OneShotConnect.Apply(new FollowerRedis { Configuration = "127.0.0.1:6379,connectTimeout=750" }.ToOptions()).ConnectTimeout.Should().Be(750);
        OneShotConnect.Apply(new LeaderRedis("127.0.0.1:6379", "user", "a-password-long-enough").ToOptions()).ConnectTimeout.Should().Be(5000);
    }
}
