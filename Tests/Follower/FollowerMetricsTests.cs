using System.Net;
using System.Net.Sockets;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class FollowerMetricsTests(RedisServer redis) : IClassFixture<RedisServer>
{

    [Fact]
    public async Task MetricsPort_Set_ServesApplyAndRejectionCounts()
    {
        var port = FreePort.Next();
        await using var follower = new FollowerHarness(redis, metricsPort: port);
        await follower.Leader.StoreAsync(new Dictionary<string, string> { ["core/conf/core.yml"] = "a: 1", ["nginx/site.conf"] = "x" });
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(1);
        await follower.Leader.PublishAsync(new Dictionary<string, string> { ["core/conf/core.yml"] = "a: 2" }, key: "a-key-the-follower-does-not-have");
        await follower.WaitForStateAsync("error");
        using var http = new HttpClient();

        var text = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");

        text.Should().Contain("pryvbus_follower_files_written_total 2");
        text.Should().Contain("pryvbus_follower_applied_serial 1");
        text.Should().Contain("pryvbus_follower_versions_rejected_total 1");
        text.Should().Contain("pryvbus_follower_apply_duration_seconds_count 1");
    }
}
