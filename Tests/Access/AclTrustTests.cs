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
/// The provisioner is settled for settings whose prefix and followers' ids, roles and keys are those the last pass
/// provisioned from (<see cref="AclInputs"/>): the leader then provisions after an operator's pass, not before it. Any
/// change to them, or a last pass that did not provision, is not settled.
/// </summary>
[SupportedOSPlatform("linux")]
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class AclTrustTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string CoreKey = "core-1-key-0123456789abcdef";

    private LeaderTree Tree() => new LeaderTree(redis.Endpoint).Template("core", "a.conf", "x").Follower("core-1", "core", CoreKey);

    private AclProvisioner Provisioner() => new(redis.Admin, NullLogger<AclProvisioner>.Instance);

    [Fact]
    public async Task IsSettled_AfterProvisioning_TrueForTheSameInputsOnly()
    {
        using var tree = Tree();
        var provisioner = Provisioner();
        var settings = tree.Load();
        provisioner.IsSettled(settings).Should().BeFalse("nothing was provisioned yet");

        (await provisioner.ProvisionAsync(settings)).Outcome.Should().Be(AclOutcome.Provisioned);

        provisioner.IsSettled(tree.Load()).Should().BeTrue();
        provisioner.IsSettled(settings with { Followers = [new("core-1", "core", "core-1-rotated-key-0123456789")] }).Should().BeFalse("a rotated key");
        provisioner.IsSettled(settings with { Followers = [.. settings.Followers, new("core-2", "core", CoreKey)] }).Should().BeFalse("a follower added");
        provisioner.IsSettled(settings with { KeyPrefix = settings.KeyPrefix + "x" }).Should().BeFalse("another prefix");
        provisioner.IsSettled(settings with { Acl = new AclSettings(Provision: false) }).Should().BeFalse("provisioning off");
    }

    [Fact]
    public async Task IsSettled_ProvisioningTurnedOffThenOn_FalseUntilItProvisionsAgain()
    {
        using var tree = Tree();
        var provisioner = Provisioner();
        var on = tree.Load();
        await provisioner.ProvisionAsync(on);

        (await provisioner.ProvisionAsync(on with { Acl = new AclSettings(Provision: false) })).Outcome.Should().Be(AclOutcome.Disabled);

        provisioner.IsSettled(on).Should().BeFalse();
        (await provisioner.ProvisionAsync(on)).Outcome.Should().Be(AclOutcome.Provisioned);
        provisioner.IsSettled(on).Should().BeTrue();
    }

    [Fact]
    public async Task IsSettled_ProvisioningThatThrew_False()
    {
        using var tree = Tree();
        var provisioner = Provisioner();
        var settings = tree.Load();
        await provisioner.ProvisionAsync(settings);
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();

        var act = () => provisioner.ProvisionAsync(settings, stop.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        provisioner.IsSettled(settings).Should().BeFalse("what Redis holds after a provisioning cut short is not known");
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
