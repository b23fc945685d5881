using System.Security.Cryptography;
using System.Text;
using PryvBus.Shared;
using PryvBus.Shared.Access;
using StackExchange.Redis;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Access;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class FollowerAclTests
{
    private static readonly RedisKeys Keys = new("pryvbus");

    [Fact]
    public void Rules_CoreFollower_ReadOnlyOwnRoleAndOwnStatusHashOnly()
    {
        var rules = FollowerAcl.Rules(Keys, "core-1", "core", "core-1-key-0123456789");

        rules.Should().StartWith(["reset", "on"]);
        rules.Should().ContainInOrder(
            "%R~pryvbus:serial:core", "%R~pryvbus:config:core:*", "%R~pryvbus:meta:core:*", "~pryvbus:follower:core-1",
            "resetchannels", "&pryvbus:events", "-@all");
        rules.Where(r => r.StartsWith('+')).Should().NotContain(["+publish", "+set", "+del", "+acl", "+config", "+@all", "+keys"]);
        rules.Should().NotContain(r => r.Contains("secrets", StringComparison.Ordinal) || r.Contains("core-1-key", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("pryvbus:serial:core-eu")]
    [InlineData("pryvbus:config:core-eu:1")]
    [InlineData("pryvbus:meta:core-eu:1")]
    [InlineData("pryvbus:serial:core:1")]
    public void Rules_RoleSharingThePrefix_IsNotMatched(string otherKey)
    {
        // Redis key patterns are globs: emulate them to prove that role core never reaches role core-eu.
        var patterns = FollowerAcl.Rules(Keys, "core-1", "core", "core-1-key-0123456789")
            .Where(r => r.StartsWith("%R~", StringComparison.Ordinal)).Select(r => r[3..]);

        patterns.Should().NotContain(p => Glob(p, otherKey));
        patterns.Should().Contain(p => Glob(p, "pryvbus:config:core:12"));
    }

    [Fact]
    public void PasswordHash_Key_IsTheSha256OfThePasswordNeverTheKey()
    {
        const string key = "core-1-key-0123456789";

        var hash = FollowerAcl.PasswordHash(key);

        hash.Should().Be("#" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(FollowerAcl.Password(key))))).And.NotContain(key);
    }

    [Fact]
    public void Password_Key_DerivedNeverTheKeyAndOnePerKey()
    {
        const string key = "core-1-key-0123456789";

        var password = FollowerAcl.Password(key);

        password.Should().MatchRegex("^[0-9a-f]{64}$").And.NotContain(key).And.Be(FollowerAcl.Password(key));
        password.Should().NotBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), "not the hash the ACL held for the key");
        FollowerAcl.Password(key + "x").Should().NotBe(password);
    }

    [Fact]
    public void UserName_FollowerId_IsItsStatusHashName() =>
        FollowerAcl.UserName(Keys, "core-1").Should().Be("pryvbus:follower:core-1").And.Be(Keys.Follower("core-1").ToString());

    [Fact]
    public void ConfigureClient_Options_SkipsCommandsOutsideTheAcl()
    {
        var options = ConfigurationOptions.Parse("127.0.0.1:6379");

        FollowerAcl.ConfigureClient(options);

        // The configuration string lists renamed-away commands as "$NAME=".
        options.ToString().Should().Contain("$INFO=").And.Contain("$CONFIG=").And.Contain("$SELECT=").And.NotContain("$HGETALL=");
        options.ConfigurationChannel.Should().BeEmpty();
        options.TieBreaker.Should().BeEmpty();
    }

    private static bool Glob(string pattern, string key) =>
        pattern.EndsWith('*') ? key.StartsWith(pattern[..^1], StringComparison.Ordinal) : key == pattern;
}
