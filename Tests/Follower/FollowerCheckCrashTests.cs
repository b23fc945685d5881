using System.Text.Json;
using Docker.DotNet.Models;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Containers;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>kill -9 of the real follower process while a check runs: the live files stay, and a restart recovers.</summary>
[Trait(TestCategory.Name, TestCategory.Docker)]
public sealed class FollowerCheckCrashTests(RedisServer redis, DockerDaemon docker) : IClassFixture<RedisServer>, IClassFixture<DockerDaemon>
{
    private readonly string _web = "web" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Check_FollowerKilledDuringIt_LiveFilesStayAndRestartRecovers()
    {
        using var temp = new TempDirectory();
        var project = DockerDaemon.NewProject();
        var live = temp.Combine("pryv", _web);
        var gate = temp.Combine("gate");
        Directory.CreateDirectory(live);
        Directory.CreateDirectory(gate);
        File.WriteAllText(Path.Combine(gate, "go"), "open");
        await docker.RunAsync(new StandIn(project, _web) { Binds = [$"{live}:/etc/x:ro", $"{gate}:/gate:ro"] });
        var prefix = RedisServer.NewPrefix();
        var leader = new LeaderDouble(redis.Admin, prefix)
        {
            Components = new Dictionary<string, ComponentSpec>(StringComparer.Ordinal)
            {
                // Waits until the test opens the gate: a check that is still running when the follower is killed.
                [_web] = new(ReloadAction.Restart, new ComponentCheck(["sh", "-c", "while [ ! -f /gate/go ]; do sleep 0.1; done; grep -q OK /etc/x/conf"], 300)),
            },
        };
        var config = WriteConfig(temp, prefix, project);
        await leader.StoreAsync(new Dictionary<string, string> { [_web + "/conf"] = "OK v1" });
        using (var first = FollowerConfigFile.Start(config))
        {
            await Wait.UntilAsync(() => Task.FromResult(File.Exists(Path.Combine(live, "conf"))), TimeSpan.FromSeconds(60), "version 1 on disk");
            File.Delete(Path.Combine(gate, "go"));
            await leader.PublishAsync(new Dictionary<string, string> { [_web + "/conf"] = "OK v2" });
            await Wait.UntilAsync(async () => (await CheckContainersAsync()).Count == 1, TimeSpan.FromSeconds(60), "the check to be running");
        }

        // Disposed: killed (SIGKILL) in the middle of the check.
        File.ReadAllText(Path.Combine(live, "conf")).Should().Be("OK v1");
        var stale = (await CheckContainersAsync()).Single();
        File.WriteAllText(Path.Combine(gate, "go"), "open");

        using var second = FollowerConfigFile.Start(config);

        await Wait.UntilAsync(() => Task.FromResult(File.ReadAllText(Path.Combine(live, "conf")) == "OK v2"), TimeSpan.FromSeconds(60), "version 2 after the restart");
        await Wait.UntilAsync(async () => !(await CheckContainersAsync()).Contains(stale), TimeSpan.FromSeconds(30), "the stale check container to be removed");
        Directory.Exists(temp.Combine("pryv", ".pryvbus", "staging")).Should().BeFalse();
    }

    private async Task<IReadOnlyList<string>> CheckContainersAsync()
    {
        var all = await docker.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true });
        return all.Where(c => c.Names.Any(n => n.StartsWith("/pryvbus-check-" + _web + "-", StringComparison.Ordinal))).Select(c => c.ID).ToList();
    }

    private string WriteConfig(TempDirectory temp, string prefix, string project)
    {
        var path = temp.Combine("config-follower.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            id = LeaderDouble.FollowerId,
            role = LeaderDouble.Role,
            key = LeaderDouble.FollowerKey,
            keyPrefix = prefix,
            redis = new { configuration = redis.Endpoint },
            configRoot = temp.Combine("pryv"),
            pollIntervalSeconds = 1,
            containers = new { composeProject = project, endpoint = docker.Endpoint, stopTimeoutSeconds = 1, retryDelaySeconds = 1 },
        }));
        return path;
    }
}
