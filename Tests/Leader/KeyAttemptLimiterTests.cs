using System.Net;
using Microsoft.AspNetCore.Http;
using PryvBus.Leader.Api;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>The limiter's permits: taken before the key is compared, given back when the key was right.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class KeyAttemptLimiterTests
{
    [Fact]
    public void TryAcquire_ManyThreadsAtOnce_GrantsNoMoreThanTheLimit()
    {
        using var limiter = new KeyAttemptLimiter(5, TimeSpan.FromHours(1), []);
        const int threads = 64;
        using var start = new Barrier(threads);
        var granted = 0;

        // Every thread passes the barrier together, then asks: with check-then-record, all 64 would see 5 permits left.
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            if (limiter.TryAcquire(Request("127.0.0.7")))
            {
                Interlocked.Increment(ref granted);
            }
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());

        granted.Should().Be(5);
    }

    [Fact]
    public void Release_AfterARightKey_GivesThePermitBack()
    {
        using var limiter = new KeyAttemptLimiter(2, TimeSpan.FromHours(1), []);
        var context = Request("127.0.0.8");

        for (var i = 0; i < 100; i++)
        {
            limiter.TryAcquire(context).Should().BeTrue();
            limiter.Release(context);
        }

        limiter.TryAcquire(context).Should().BeTrue();
        limiter.TryAcquire(context).Should().BeTrue();
        limiter.TryAcquire(context).Should().BeFalse("two failures spent the budget");
        limiter.TryAcquire(Request("127.0.0.9")).Should().BeTrue("another client has its own budget");
    }

    [Fact]
    public void TryAcquire_Ipv6NeighboursInOneSlash64_ShareOneBudget()
    {
        using var limiter = new KeyAttemptLimiter(2, TimeSpan.FromHours(1), []);

        limiter.TryAcquire(Request("2001:db8:5:6::1")).Should().BeTrue();
        limiter.TryAcquire(Request("2001:db8:5:6::2")).Should().BeTrue();

        limiter.TryAcquire(Request("2001:db8:5:6:ffff::3")).Should().BeFalse("a /64 is one client");
        limiter.TryAcquire(Request("2001:db8:5:7::1")).Should().BeTrue();
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("127.0.0.0/8")]
    [InlineData("::1")]
    [InlineData("fd00::/8")]
    public void Load_TrustedProxy_IsAccepted(string proxy)
    {
        using var tree = new PryvBus.Tests.Fixtures.LeaderTree().Template("core", "a.conf", "x");
        tree.Config["http"] = new System.Text.Json.Nodes.JsonObject { ["trustedProxies"] = new System.Text.Json.Nodes.JsonArray(proxy) };

        var settings = PryvBus.Leader.Settings.SettingsLoader.Load(tree.Save(), PryvBus.Shared.Settings.SettingsEnvironment.From(new Dictionary<string, string>()));

        settings.Http.TrustedProxies.Should().ContainSingle().Which.Contains(IPAddress.Parse(proxy.Split('/')[0])).Should().BeTrue();
    }

    [Theory]
    [InlineData("nginx")]
    [InlineData("127.0.0.1/33")]
    [InlineData("")]
    public void Load_BadTrustedProxy_IsAnErrorNamingTheKey(string proxy)
    {
        using var tree = new PryvBus.Tests.Fixtures.LeaderTree().Template("core", "a.conf", "x");
        tree.Config["http"] = new System.Text.Json.Nodes.JsonObject { ["trustedProxies"] = new System.Text.Json.Nodes.JsonArray(proxy) };

        var act = () => PryvBus.Leader.Settings.SettingsLoader.Load(tree.Save(), PryvBus.Shared.Settings.SettingsEnvironment.From(new Dictionary<string, string>()));

        act.Should().Throw<PryvBus.Leader.Settings.SettingsException>().Which.Errors.Should().ContainSingle()
            .Which.Should().StartWith("config-leader.json: http.trustedProxies: ");
    }

    private static DefaultHttpContext Request(string peer)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        return context;
    }
}
