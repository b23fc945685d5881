using System.Runtime.Versioning;
using CsCheck;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Access;
using PryvBus.Leader.Settings;
using PryvBus.Shared;
using PryvBus.Shared.Access;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Access;

/// <summary>
/// A provisioning pass that trusts the last one (an operator's change) sends nothing when the prefix and the followers'
/// ids, roles and keys are those the last pass provisioned from (<see cref="AclInputs"/>); any change to them, a pass
/// that does not trust (start, reconnection, periodic check), or a last pass that did not provision, provisions.
/// </summary>
[SupportedOSPlatform("linux")]
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class AclTrustTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string CoreKey = "core-1-key-0123456789abcdef";

    private LeaderTree Tree() => new LeaderTree(redis.Endpoint).Template("core", "a.conf", "x").Follower("core-1", "core", CoreKey);

    private AclProvisioner Provisioner() => new(redis.Admin, NullLogger<AclProvisioner>.Instance);

    private async Task<bool> UserExistsAsync(string user) =>
        ((string?[]?)await redis.Db.ExecuteAsync("ACL", "USERS") ?? []).Contains(user, StringComparer.Ordinal);

    [Fact]
    public async Task Provision_TrustingPassSameFollowers_KeptAndNothingSent()
    {
        using var tree = Tree();
        var provisioner = Provisioner();
        var user = FollowerAcl.UserName(new RedisKeys(tree.Prefix), "core-1");
        (await provisioner.ProvisionAsync(tree.Load())).Outcome.Should().Be(AclOutcome.Provisioned);
        await redis.Db.ExecuteAsync("ACL", "DELUSER", user);

        var trusting = await provisioner.ProvisionAsync(tree.Load(), trustLast: true);

        trusting.Outcome.Should().Be(AclOutcome.Kept);
        trusting.Users.Should().Equal(user);
        (await UserExistsAsync(user)).Should().BeFalse("nothing was sent");
        (await provisioner.ProvisionAsync(tree.Load(), trustLast: false)).Outcome.Should().Be(AclOutcome.Provisioned);
        (await UserExistsAsync(user)).Should().BeTrue("a checking pass repairs what was changed by hand");
    }

    [Fact]
    public async Task Provision_TrustingPassKeyRotated_ProvisionsTheNewKey()
    {
        using var tree = Tree();
        var provisioner = Provisioner();
        var user = FollowerAcl.UserName(new RedisKeys(tree.Prefix), "core-1");
        await provisioner.ProvisionAsync(tree.Load());
        const string rotated = "core-1-rotated-key-0123456789";
        tree.Config["followers"]![0]!["key"] = rotated;

        (await provisioner.ProvisionAsync(tree.Load(), trustLast: true)).Outcome.Should().Be(AclOutcome.Provisioned);

        (await AclTestClients.CanAuthenticateAsync(redis, user, rotated)).Should().BeTrue();
        (await AclTestClients.CanAuthenticateAsync(redis, user, CoreKey)).Should().BeFalse();
    }

    [Fact]
    public async Task Provision_TrustingPassAfterProvisioningWasOff_Provisions()
    {
        using var tree = Tree();
        var provisioner = Provisioner();
        var user = FollowerAcl.UserName(new RedisKeys(tree.Prefix), "core-1");
        await provisioner.ProvisionAsync(tree.Load());
        var on = tree.Load();
        (await provisioner.ProvisionAsync(on with { Acl = new AclSettings(Provision: false) }, trustLast: true)).Outcome.Should().Be(AclOutcome.Disabled);
        await redis.Db.ExecuteAsync("ACL", "DELUSER", user);

        (await provisioner.ProvisionAsync(on, trustLast: true)).Outcome.Should().Be(AclOutcome.Provisioned);

        (await UserExistsAsync(user)).Should().BeTrue();
    }

    [Fact]
    public void AclInputs_EqualExactlyWhenPrefixDemoAndFollowersAre()
    {
        using var tree = Tree();
        var settings = tree.Load();
        // Mostly what the encoding itself is made of (lengths, separators, ids), to try to forge one list as another.
        var text = Gen.String[Gen.Frequency((3, Gen.Char["0123456789:\n\0abcorestatic"]), (1, Gen.Char[(char)0, (char)0xDFFF])), 0, 6];
        var follower = Gen.Select(Gen.OneOf("a", "b"), Gen.OneOf("core", "static"), text, (id, role, key) => new FollowerEntry(id, role, key));
        var side = Gen.Select(Gen.OneOf("p", "q"), Gen.Bool, follower.List[0, 3]);
        Gen.Select(side, side).Sample(pair =>
        {
            var (a, b) = pair;
            var same = a.Item1 == b.Item1 && a.Item2 == b.Item2 && a.Item3.SequenceEqual(b.Item3);
            var left = AclInputs.Of(settings with { KeyPrefix = a.Item1, Demo = a.Item2, Followers = a.Item3 });
            var right = AclInputs.Of(settings with { KeyPrefix = b.Item1, Demo = b.Item2, Followers = b.Item3 });
            left.Equals(right).Should().Be(same, "{0} against {1}", Describe(a), Describe(b));
        }, iter: 20_000);
    }

    [Fact]
    public void AclInputs_KeyHoldingTheNextFollower_DiffersFromTwoFollowers()
    {
        using var tree = Tree();
        var settings = tree.Load();
        List<FollowerEntry> two = [new("a", "core", "k1"), new("b", "core", "k2")];
        var forgeries = new[] { "k1\nb\ncore\nk2", "k1\0b\0core\0k2", "k11:b4:core2:k2", "k1,b,core,k2" };

        foreach (var key in forgeries)
        {
            AclInputs.Of(settings with { Followers = [new("a", "core", key)] }).Should().NotBe(AclInputs.Of(settings with { Followers = two }), key);
        }
    }

    private static string Describe((string Prefix, bool Demo, List<FollowerEntry> Followers) side) =>
        $"{side.Prefix} demo={side.Demo} [{string.Join(", ", side.Followers.Select(f => $"{f.Id}/{f.Role}/{Convert.ToHexString(System.Text.Encoding.Unicode.GetBytes(f.Key))}"))}]";
}
