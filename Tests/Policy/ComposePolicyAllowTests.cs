using PryvBus.Follower.Policy;
using PryvBus.Follower.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Policy;

/// <summary>Each <c>allow…</c> setting opens its own door and no other; <c>"off"</c> opens them all.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ComposePolicyAllowTests
{
    private static ComposePolicy Policy(ComposePolicySettings settings) => ComposePolicyTests.Policy(settings);

    private static string Service(string lines) => ComposePolicyTests.Service(lines);

    [Fact]
    public void Judge_PrivilegedAllowed_Accepted()
    {
        Policy(new() { AllowPrivileged = true }).Judge(Service("privileged: true")).Should().BeNull();
    }

    [Fact]
    public void Judge_CapabilityAllowed_OnlyThatOneAccepted()
    {
        var policy = Policy(new() { AllowCapabilities = new HashSet<string>(["NET_ADMIN"], StringComparer.Ordinal) });

        policy.Judge(Service("cap_add: [net_admin, CAP_NET_ADMIN]")).Should().BeNull();
        policy.Judge(Service("cap_add: [NET_ADMIN, SYS_ADMIN]"))!.Rule.Should().Be("cap_add SYS_ADMIN");
        policy.Judge(Service("cap_add: [ALL]"))!.Rule.Should().Be("cap_add ALL");
    }

    [Fact]
    public void Judge_DevicesAllowed_Accepted()
    {
        Policy(new() { AllowDevices = true }).Judge(Service("devices: [\"/dev/fuse\"]\ngpus: all")).Should().BeNull();
    }

    [Fact]
    public void Judge_HostNamespacesAllowed_AcceptedButNotPrivileged()
    {
        var policy = Policy(new() { AllowHostNamespaces = true });

        policy.Judge(Service("pid: host\nipc: host\nuserns_mode: host\ncgroup: host\nuts: \"container:x\"")).Should().BeNull();
        policy.Judge(Service("pid: host\nprivileged: true"))!.Rule.Should().Be("privileged: true");
    }

    [Fact]
    public void Judge_BindSourceAllowed_BelowItAcceptedBesideItNot()
    {
        var policy = Policy(new() { AllowedBindSources = ["/var/log/pryv"] });

        policy.Judge(Service("volumes: [\"/var/log/pryv:/log\", \"/var/log/pryv/core/:/core\"]")).Should().BeNull();
        policy.Judge(Service("volumes: [\"/var/log/pryv-other:/log\"]")).Should().NotBeNull("a prefix of the name is not a parent folder");
        policy.Judge(Service("volumes: [\"/var/log/pryv/../../..:/log\"]")).Should().NotBeNull();
    }

    [Fact]
    public void Judge_PolicyOff_NothingRefused()
    {
        Policy(new() { Enabled = false }).Judge(Service("privileged: true\nvolumes: [\"/:/host\"]\npid: host")).Should().BeNull();
    }
}
