using System.Text.Json;
using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Follower;

namespace PryvBus.Tests.Compose;

/// <summary>
/// A Pryv.io upgrade as an operator makes it: the image tag of one service changes in the role's <c>pryv.yml</c>; the
/// follower applies it and the service runs the new image, the others are untouched. Real Redis, files, daemon, compose.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Docker)]
public sealed class FollowerComposeTests(RedisServer redis, DockerDaemon docker) : IClassFixture<RedisServer>, IClassFixture<DockerDaemon>
{
    private static readonly string[] ComposeCommand = ["docker-compose"];

    private static Dictionary<string, string> Version(ComposeProject project, string nginxTag) => new()
    {
        ["pryv.yml"] = project.Text(("core", "a"), ("nginx", nginxTag)),
        ["core/conf/core.yml"] = "a: 1\n",
    };

    private static async Task WaitForImageAsync(FollowerHarness follower, ComposeProject project, string service, string tag) =>
        await Wait.UntilAsync(
            async () => (await follower.StatusAsync()).GetValueOrDefault(StatusFields.ImagePrefix + service)
                == $"wanted {project.Image(tag)}; running {project.Image(tag)}",
            TimeSpan.FromSeconds(60),
            $"{service} to run {project.Image(tag)}");

    [Fact]
    public async Task Apply_ImageTagChanged_ServiceRunsTheNewImageOthersUntouched()
    {
        await using var project = new ComposeProject(docker);
        await project.TagAsync("a", "b");
        await using var follower = new FollowerHarness(redis, containers: project.Settings);
        await follower.Leader.StoreAsync(Version(project, "a"));
        await follower.StartAsync();
        await WaitForImageAsync(follower, project, "core", "a");
        await WaitForImageAsync(follower, project, "nginx", "a");
        var core = await project.ContainerAsync("core");

        await follower.Leader.PublishAsync(Version(project, "b"));

        await WaitForImageAsync(follower, project, "nginx", "b");
        (await project.ContainerAsync("nginx")).Image.Should().Be(project.Image("b"));
        (await project.ContainerAsync("core")).Should().Be(core, "core's definition and files did not change");
    }

    [Fact]
    public async Task Apply_KilledRightAfterTheManifest_RecreateDoneOnTheNextStart()
    {
        await using var project = new ComposeProject(docker);
        await project.TagAsync("a", "b");
        await using var follower = new FollowerHarness(redis, containers: project.Settings);
        await follower.Leader.StoreAsync(Version(project, "a"));
        await follower.StartAsync();
        await WaitForImageAsync(follower, project, "nginx", "a");
        await follower.StopAsync();
        await follower.Leader.StoreAsync(Version(project, "b"));

        // Only pryv.yml changes (one file the manifest lists: no journal); the apply's calls: pryv.yml [rename 1],
        // restarts.json [rename 2], the manifest [rename 3, then its folder fsync], then the revert store's current.json
        // [rename 4]: killed on entering it, the files and what they owe are committed.
        using (var crashing = FollowerProcess.Start(WriteSettings(follower, project), "rename:4"))
        {
            await crashing.WaitForExitAsync(TimeSpan.FromSeconds(30));
            crashing.ExitCode.Should().Be(137, "the follower was killed after the manifest (output: {0})", crashing.Output);
        }

        File.ReadAllText(follower.Path(".pryvbus/restarts.json")).Should().Contain("\"pryv.yml\"", "the recreate is owed durably");
        (await project.ContainerAsync("nginx")).Image.Should().Be(project.Image("a"));

        await follower.StartAsync();

        await WaitForImageAsync(follower, project, "nginx", "b");
        (await project.ContainerAsync("nginx")).Image.Should().Be(project.Image("b"));
    }

    [Fact]
    public async Task Apply_ImageAndFilesChanged_RecreatedNotRestartedAgain()
    {
        await using var project = new ComposeProject(docker);
        await project.TagAsync("a", "b");
        await using var follower = new FollowerHarness(redis, containers: project.Settings);
        await follower.Leader.StoreAsync(new Dictionary<string, string>(Version(project, "a")) { ["nginx/conf/site.conf"] = "v1\n" });
        await follower.StartAsync();
        await WaitForImageAsync(follower, project, "nginx", "a");

        // The first pass created both services with their files: neither was restarted.
        (await follower.StatusAsync()).Should().NotContainKey(StatusFields.RestartPrefix + "core");

        await follower.Leader.PublishAsync(new Dictionary<string, string>(Version(project, "b"))
        {
            ["nginx/conf/site.conf"] = "v2\n",
            ["core/conf/core.yml"] = "a: 2\n",
        });

        // core's files changed alone: restarted; nginx was recreated with its new files: no restart on top. The restart
        // results are reported after the compose step's, in the same pass.
        await Wait.UntilAsync(
            async () => (await follower.StatusAsync()).GetValueOrDefault(StatusFields.RestartPrefix + "core") is { } r
                && !r.StartsWith("pending", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            "core to be restarted");
        (await follower.StatusAsync())[StatusFields.Restarted].Should().Be("core");
        await WaitForImageAsync(follower, project, "nginx", "b");
        (await follower.StatusAsync()).Should().NotContainKey(StatusFields.RestartPrefix + "nginx");
    }

    [Fact]
    public async Task Apply_ComposeFileUnchanged_NoComposeStep()
    {
        // The speed rule: a version that leaves pryv.yml alone neither parses it nor calls the compose tool.
        await using var project = new ComposeProject(docker);
        await project.TagAsync("a");
        await using var follower = new FollowerHarness(redis, containers: project.Settings);
        await follower.Leader.StoreAsync(Version(project, "a"));
        await follower.StartAsync();
        await WaitForImageAsync(follower, project, "nginx", "a");
        var status = await follower.StatusAsync();
        var compose = status[StatusFields.Compose];
        var coreRestart = status.GetValueOrDefault(StatusFields.RestartPrefix + "core");

        await follower.Leader.PublishAsync(new Dictionary<string, string>(Version(project, "a")) { ["core/conf/core.yml"] = "a: 2\n" });

        await Wait.UntilAsync(
            async () => (await follower.StatusAsync()).GetValueOrDefault(StatusFields.RestartPrefix + "core") is { } r && r != coreRestart && !r.StartsWith("pending", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            "core to be restarted for its file");
        (await follower.StatusAsync())[StatusFields.Compose].Should().Be(compose, "the compose step did not run");
        File.ReadAllText(follower.Path(".pryvbus/restarts.json")).Should().Be("[]");
    }

    private string WriteSettings(FollowerHarness follower, ComposeProject project)
    {
        var path = follower.Temp.Combine("config-follower.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            id = LeaderDouble.FollowerId,
            role = LeaderDouble.Role,
            key = LeaderDouble.FollowerKey,
            keyPrefix = follower.Prefix,
            redis = new { configuration = redis.Endpoint },
            configRoot = follower.Root,
            pollIntervalSeconds = 1,
            containers = new { composeProject = project.Name, composeCommand = ComposeCommand, endpoint = project.Settings.Endpoint },
        }));
        return path;
    }
}
