using System.Net;
using PryvBus.Leader.Api;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>Which budget of the failed-key limiter a request uses: IPv6 clients by /64, proxies only when trusted.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ClientAddressTests
{
    private static readonly IReadOnlyList<IPNetwork> Proxies = [IPNetwork.Parse("127.0.0.1/32"), IPNetwork.Parse("fd00::/8")];

    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:fffe")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:1234::")]
    public void Of_Ipv6InTheSameSlash64_IsOneClient(string first, string second) =>
        ClientAddress.Of(IPAddress.Parse(first), null, []).Should().Be(ClientAddress.Of(IPAddress.Parse(second), null, []));

    [Fact]
    public void Of_Ipv6InAnotherSlash64_IsAnotherClient() =>
        ClientAddress.Of(IPAddress.Parse("2001:db8:1:2::1"), null, [])
            .Should().NotBe(ClientAddress.Of(IPAddress.Parse("2001:db8:1:3::1"), null, []));

    [Fact]
    public void Of_Ipv4MappedToIpv6_IsItsIpv4Address() =>
        ClientAddress.Of(IPAddress.Parse("::ffff:127.0.0.9"), null, []).Should().Be("127.0.0.9");

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.5", "127.0.0.5")]
    [InlineData("127.0.0.1", "garbage, 127.0.0.5", "127.0.0.5")]
    [InlineData("127.0.0.1", "127.0.0.5, not-an-address", "127.0.0.1")]
    [InlineData("127.0.0.1", "", "127.0.0.1")]
    [InlineData("127.0.0.1", "fd00::1, 127.0.0.1", "fd00::/64")]
    [InlineData("127.0.0.2", "127.0.0.5", "127.0.0.2")]
    [InlineData("127.0.0.1", "2001:db8:1:2::99", "2001:db8:1:2::/64")]
    public void Of_ForwardedFor_IsFollowedOnlyThroughTrustedProxies(string peer, string forwardedFor, string expected) =>
        ClientAddress.Of(IPAddress.Parse(peer), forwardedFor, Proxies).Should().Be(expected);

    [Fact]
    public void Of_ForwardedForThroughTrustedProxiesOnly_IsTheLeftmostTrustedHop() =>
        ClientAddress.Of(IPAddress.Parse("127.0.0.1"), "127.0.0.1, 127.0.0.1", Proxies).Should().Be("127.0.0.1");
}
