using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Extensions;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Leader.Watching;
using PryvBus.Shared;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// A check pass of the leader's loop (periodic, reconnection, start) whose settings were replaced while it ran (a value
/// changed through the API or the console) stores nothing made of the older ones (<see cref="PassInputs"/>), and runs
/// again with the settings in force.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class LeaderCheckRetryTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int Provisioned = 40;

    [Fact]
    public async Task Service_CheckPassOutdatedWhileItRan_RunsAgainWithTheSettingsInForce()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "domain {{ DOMAIN }}").Follower("core-1", "core", "core-1-key-0123456789abcdef");
        tree.Config["checkIntervalSeconds"] = 86_400; // no periodic check but the one the test asks for
        tree.Config["watch"] = false; // no pass for the file's edit below: only the loop's own retry can store it
        tree.Save();
        using var logs = new LogCollector();
        using var host = LeaderHost.Build(tree.ConfigPath, SettingsLoader.Load(tree.ConfigPath).Http with { Enabled = false }, logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(logs);
        });
        await host.StartAsync();
        var serial = new RedisKeys(tree.Prefix).Serial("core");
        await Wait.UntilAsync(async () => await redis.Db.StringGetAsync(serial) == 1, TimeSpan.FromSeconds(15), "the first version");
        var provider = host.Services.GetRequiredService<SettingsProvider>();
        var provisioned = logs.Ours.Count(e => e.EventId == Provisioned);

        // The check pass provisions the followers' users once it has taken its settings, then waits for the store's lock.
        using (await StateFiles.LockAsync(Path.Combine(provider.Current.StateDirectory, StoreLedger.LockFile), TimeSpan.FromSeconds(15)))
        {
            host.Services.GetRequiredService<RenderTriggers>().Request("periodic check");
            await Wait.UntilAsync(() => logs.Ours.Count(e => e.EventId == Provisioned) > provisioned, TimeSpan.FromSeconds(15), "the check pass under way");

            // A value change put in force meanwhile (as the values API does, its own pass left out).
            tree.Value("DOMAIN", "new.test").Save();
            var bytes = File.ReadAllBytes(tree.ConfigPath);
            provider.Expect(bytes);
            provider.TryAdopt(SettingsLoader.Parse(System.Text.Encoding.UTF8.GetString(bytes), tree.ConfigPath, provider.Environment), bytes).Should().BeTrue();
        }

        await Wait.UntilAsync(async () => await redis.Db.StringGetAsync(serial) == 2, TimeSpan.FromSeconds(15), "the new domain stored by the check run again");
        (await new LeaderHarness(redis, tree).FileAsync("core", "a.conf")).Should().Be("domain new.test");
        await host.StopAsync();
    }
}
