using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PryvBus.Leader;
using PryvBus.Leader.Extensions;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

[Trait(TestCategory.Name, TestCategory.Redis)]
public class LeaderServiceTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static IHost StartLeader(string configPath, LogCollector? logs = null)
    {
        // The service's own host, its HTTP API off (the loop is what these tests watch).
        return LeaderHost.Build(configPath, SettingsLoader.Load(configPath).Http with { Enabled = false }, logging =>
        {
            logging.ClearProviders();
            if (logs is not null)
            {
                // Debug lines too: a failure's message carries the whole log (the edit guard's checks included).
                logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug);
                logging.AddProvider(logs);
            }
        });
    }

    private async Task WaitForSerialAsync(LeaderHarness leader, string role, long serial) =>
        await Wait.UntilAsync(async () => await redis.Db.StringGetAsync(leader.Keys.Serial(role)) == serial, TimeSpan.FromSeconds(15), $"{role} serial {serial}");

    [Fact]
    public async Task Service_RendersAtStartThenOnEveryInputChange()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "nginx/conf/site.conf", "server_name {{ DOMAIN }};");
        tree.Save();
        var leader = new LeaderHarness(redis, tree);
        using var host = StartLeader(tree.ConfigPath);
        await host.StartAsync();

        await WaitForSerialAsync(leader, "core", 1);
        tree.Template("core", "nginx/conf/site.conf", "server_name www.{{ DOMAIN }};");
        await WaitForSerialAsync(leader, "core", 2);
        tree.Value("DOMAIN", "edited.test").Save();
        await WaitForSerialAsync(leader, "core", 3);

        (await leader.FileAsync("core", "nginx/conf/site.conf")).Should().Be("server_name www.edited.test;");
        await host.StopAsync();
    }

    [Fact]
    public async Task Service_WatcherCannotStart_LogsOnceAndKeepsRunning()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "{{ DOMAIN }}");
        tree.Save();
        using var logs = new LogCollector();
        using var host = StartLeader(tree.ConfigPath, logs);
        host.Services.GetRequiredService<SettingsProvider>().Current.Watch.Should().BeTrue();
        var service = host.Services.GetServices<IHostedService>().OfType<LeaderService>().Single();
        Directory.Delete(tree.DataPath, recursive: true); // the settings were loaded: now the watcher has nothing to watch

        await host.StartAsync();
        await Wait.UntilAsync(() => logs.Has(2500) || service.ExecuteTask!.IsCompleted, TimeSpan.FromSeconds(15), "the watcher line or the loop's end");

        service.ExecuteTask!.IsCompleted.Should().BeFalse("a watcher that cannot start never stops the leader ({0})", service.ExecuteTask.Exception?.GetBaseException().Message);
        logs.Ours.Count(e => e.EventId == 2500).Should().Be(1);
        logs.Ours.Single(e => e.EventId == 2500).Message.Should().Contain("periodic check");
        await host.StopAsync();
    }

    [Fact]
    public async Task Service_WithTheWatch_LendsItToThePipelineWhileItRuns()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "{{ DOMAIN }}");
        tree.Save();
        var leader = new LeaderHarness(redis, tree);
        using var host = StartLeader(tree.ConfigPath);
        var pipeline = host.Services.GetRequiredService<PryvBus.Leader.Pipeline.PlatformPipeline>();
        await host.StartAsync();
        await WaitForSerialAsync(leader, "core", 1);

        pipeline.Watch.Should().NotBeNull("the values API's passes trust the watch too");
        await host.StopAsync();
        pipeline.Watch.Should().BeNull("a stopped watch vouches for nothing");
    }

    [Fact]
    public async Task Service_BadEdits_KeepTheLastGoodVersionAndRecover()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "{{ DOMAIN }}");
        tree.Save();
        var leader = new LeaderHarness(redis, tree);
        using var logs = new LogCollector();
        using var host = StartLeader(tree.ConfigPath, logs);
        await host.StartAsync();
        await WaitForSerialAsync(leader, "core", 1);

        File.WriteAllText(tree.ConfigPath, "{ this is not json");
        await Wait.UntilAsync(() => logs.Has(2), TimeSpan.FromSeconds(10), "the settings reload to fail");
        tree.Save();
        tree.Template("core", "a.conf", "{{ DOMAIN }} {{ TYPO }}");
        await Wait.UntilAsync(() => logs.Has(10), TimeSpan.FromSeconds(10), "the render to fail");
        // Under load the watcher can see the template write as two events, so two failed renders are possible: each names the error.
        logs.Ours.Where(e => e.EventId == 10).Should().OnlyContain(e => e.Message.Contains("data/core/a.conf:1:", StringComparison.Ordinal) && e.Message.Contains("TYPO", StringComparison.Ordinal));
        (await redis.Db.StringGetAsync(leader.Keys.Serial("core"))).Should().Be(1);

        // The service is still alive: a good edit is picked up.
        tree.Template("core", "a.conf", "fixed {{ DOMAIN }}");
        await WaitForSerialAsync(leader, "core", 2);
        (await leader.FileAsync("core", "a.conf")).Should().Be("fixed pryv.test", string.Join("\n", logs.Entries.Select(e => e.EventId + " " + e.Message)));
        await host.StopAsync();
    }

    [Fact]
    public async Task Service_OneRoleFailsEveryPass_OtherRolesGoOnWithoutStackTraces()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "{{ DOMAIN }}").Template("static", "b.conf", "{{ DOMAIN }}");
        tree.Save();
        var leader = new LeaderHarness(redis, tree);
        await redis.Db.StringSetAsync(leader.Keys.Pin("core"), "not-a-serial");
        using var logs = new LogCollector();
        using var host = StartLeader(tree.ConfigPath, logs);
        await host.StartAsync();

        await WaitForSerialAsync(leader, "static", 1);
        tree.Value("DOMAIN", "edited.test").Save();
        await WaitForSerialAsync(leader, "static", 2);

        logs.Ours.Where(e => e.EventId == 2004).Should().NotBeEmpty()
            .And.OnlyContain(e => e.Message.Contains(leader.Keys.Pin("core").ToString(), StringComparison.Ordinal));
        logs.Has(20).Should().BeFalse("the pass itself never failed");
        logs.Has(2005).Should().BeFalse("an expected failure is one line, no stack trace");
        (await redis.Db.KeyExistsAsync(leader.Keys.Serial("core"))).Should().BeFalse();
        await host.StopAsync();
    }

    [Fact]
    public async Task Service_InvalidSettingsAtStart_FailsFast()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "x");
        tree.Config["historyLength"] = "many";
        tree.Save();

        var act = () => StartLeader(tree.ConfigPath).StartAsync();

        await act.Should().ThrowAsync<SettingsException>().WithMessage("*historyLength: must be a whole number*");
    }
}
