using PryvBus.Follower.Containers;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Status;
using PryvBus.Tests.Containers;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>The follower's container step end to end: real Redis, real files, a real Docker daemon.</summary>
[Trait(TestCategory.Name, TestCategory.Docker)]
public sealed class FollowerContainerTests(RedisServer redis, DockerDaemon docker) : IClassFixture<RedisServer>, IClassFixture<DockerDaemon>
{
    private static readonly Dictionary<string, string> Initial = new()
    {
        ["pryv.yml"] = "services: {}",
        ["core/conf/core.yml"] = "a: 1",
        ["nginx/conf/site.conf"] = "server {}",
    };

    private async Task<(FollowerHarness Follower, string Core, string Nginx)> StartAsync(string project, ContainerSettings? settings = null)
    {
        var core = await docker.RunAsync(new StandIn(project, "core"));
        var nginx = await docker.RunAsync(new StandIn(project, "nginx"));
        var follower = new FollowerHarness(redis, containers: settings ?? TestRestarter.Settings(docker, project));
        await follower.Leader.StoreAsync(Initial);
        await follower.StartAsync();
        // The first apply restarts everything (pryv.yml is new): wait for it, then measure from there.
        await WaitForRestartAsync(follower, "core");
        await WaitForRestartAsync(follower, "nginx");
        return (follower, core, nginx);
    }

    private static async Task<string> WaitForRestartAsync(FollowerHarness follower, string component, string? notBefore = null)
    {
        string? value = null;
        await Wait.UntilAsync(
            async () => (value = (await follower.StatusAsync()).GetValueOrDefault(StatusFields.RestartPrefix + component)) is not null
                && value != notBefore && !value.StartsWith("pending", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            $"a restart result for {component}");
        return value!;
    }

    private static Dictionary<string, string> With(string path, string content) => new(Initial) { [path] = content };

    [Fact]
    public async Task Apply_OneComponentChanged_RestartsOnlyItsContainers()
    {
        var (follower, core, nginx) = await StartAsync(DockerDaemon.NewProject());
        await using var _ = follower;
        var coreStart = await docker.StartedAtAsync(core);
        var nginxStart = await docker.StartedAtAsync(nginx);
        var nginxResult = (await follower.StatusAsync())[StatusFields.RestartPrefix + "nginx"];

        await follower.Leader.PublishAsync(With("nginx/conf/site.conf", "server { listen 443; }"));

        (await WaitForRestartAsync(follower, "nginx", nginxResult)).Should().StartWith("restarted ");
        (await docker.StartedAtAsync(nginx)).Should().NotBe(nginxStart);
        (await docker.StartedAtAsync(core)).Should().Be(coreStart, "core's files did not change");
        (await follower.StatusAsync())[StatusFields.Restarted].Should().Be("nginx");
    }

    [Fact]
    public async Task Apply_ComposeFileChangedOnly_RestartsNoComponent()
    {
        var (follower, core, nginx) = await StartAsync(DockerDaemon.NewProject());
        await using var _ = follower;
        var before = new[] { await docker.StartedAtAsync(core), await docker.StartedAtAsync(nginx) };

        // A service without an image: compose refuses it, and nothing else is touched.
        await follower.Leader.PublishAsync(With("pryv.yml", "services: { core: {} }"));

        await Wait.UntilAsync(
            async () => (await follower.StatusAsync()).GetValueOrDefault(StatusFields.Compose)?.StartsWith("failed", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(60),
            "the compose step to report core");
        (await docker.StartedAtAsync(core)).Should().Be(before[0], "a pryv.yml change no longer restarts every component");
        (await docker.StartedAtAsync(nginx)).Should().Be(before[1]);
        (await follower.StatusAsync())[StatusFields.ImagePrefix + "core"].Should().Contain("error: compose up");
    }

    [Fact]
    public async Task ReloadEvent_RestartsWithoutWritingFiles()
    {
        var (follower, core, nginx) = await StartAsync(DockerDaemon.NewProject());
        await using var _ = follower;
        var coreStart = await docker.StartedAtAsync(core);
        var nginxStart = await docker.StartedAtAsync(nginx);
        var written = File.GetLastWriteTimeUtc(follower.Path("nginx/conf/site.conf"));
        var nginxResult = (await follower.StatusAsync())[StatusFields.RestartPrefix + "nginx"];

        // Plain text as typed in redis-cli: role "core", components "core" and "nginx".
        await follower.Leader.PublishRawAsync("reload core core nginx");

        await WaitForRestartAsync(follower, "nginx", nginxResult);
        (await docker.StartedAtAsync(nginx)).Should().NotBe(nginxStart);
        (await docker.StartedAtAsync(core)).Should().NotBe(coreStart);
        File.GetLastWriteTimeUtc(follower.Path("nginx/conf/site.conf")).Should().Be(written);
    }

    [Fact]
    public async Task Apply_StoppedContainer_IsStarted()
    {
        var (follower, core, _) = await StartAsync(DockerDaemon.NewProject());
        await using var __ = follower;
        await docker.StopAsync(core);
        var coreResult = (await follower.StatusAsync())[StatusFields.RestartPrefix + "core"];

        await follower.Leader.PublishAsync(With("core/conf/core.yml", "a: 2"));

        (await WaitForRestartAsync(follower, "core", coreResult)).Should().StartWith("started ");
        (await docker.StateAsync(core)).Running.Should().BeTrue();
    }

    [Fact]
    public async Task Apply_ComponentWithoutContainer_IsReportedAndOthersStillRestart()
    {
        var (follower, _, nginx) = await StartAsync(DockerDaemon.NewProject());
        await using var __ = follower;
        var nginxStart = await docker.StartedAtAsync(nginx);
        var nginxResult = (await follower.StatusAsync())[StatusFields.RestartPrefix + "nginx"];

        await follower.Leader.PublishAsync(new Dictionary<string, string>(Initial)
        {
            ["ghost/conf/ghost.yml"] = "x",
            ["nginx/conf/site.conf"] = "changed",
        });

        (await WaitForRestartAsync(follower, "ghost")).Should().StartWith("nocontainer ");
        await WaitForRestartAsync(follower, "nginx", nginxResult);
        (await docker.StartedAtAsync(nginx)).Should().NotBe(nginxStart);
    }

    [Fact]
    public async Task Apply_ExplicitNameMapping_RestartsTheNamedContainer()
    {
        // A container compose did not create (no labels), mapped by name in the follower's settings.
        var project = DockerDaemon.NewProject();
        var name = "pryvbus-legacy-" + Guid.NewGuid().ToString("N")[..8];
        var legacy = await docker.RunAsync(new StandIn(null, null) { Name = name });
        var settings = TestRestarter.Settings(docker, project) with
        {
            ContainerNames = new Dictionary<string, IReadOnlyList<string>> { ["mongodb"] = [name] },
        };
        var (follower, _, _) = await StartAsync(project, settings);
        await using var _ = follower;
        var before = await docker.StartedAtAsync(legacy);

        // mongodb has no files yet: the first apply (pryv.yml no longer restarts everything) left it alone.
        var previous = (await follower.StatusAsync()).GetValueOrDefault(StatusFields.RestartPrefix + "mongodb");

        await follower.Leader.PublishAsync(With("mongodb/conf/mongod.conf", "storage: {}"));

        (await WaitForRestartAsync(follower, "mongodb", previous)).Should().StartWith("restarted ");
        (await docker.StartedAtAsync(legacy)).Should().NotBe(before);
    }

    [Fact]
    public async Task Apply_DockerUnreachable_AppliesFilesAndRestartsOnceItAnswers()
    {
        var project = DockerDaemon.NewProject();
        await using var proxy = new UnixSocketProxy(new Uri(docker.Endpoint).LocalPath);
        var (follower, core, _) = await StartAsync(project);
        await follower.StopAsync();
        await using var _ = follower;

        // Same follower root and Redis, now talking to Docker through a socket that is not there.
        await using var cut = new FollowerHarness(redis, prefix: follower.Prefix, temp: follower.Temp,
            containers: TestRestarter.Settings(docker, project) with { Endpoint = proxy.Endpoint });
        await cut.StartAsync();
        var before = await docker.StartedAtAsync(core);
        var serial = await cut.Leader.PublishAsync(With("core/conf/core.yml", "a: 3"));

        await cut.WaitForAppliedAsync(serial);
        cut.Read("core/conf/core.yml").Should().Be("a: 3", "files are applied while Docker is away");
        await Wait.UntilAsync(
            async () => (await cut.StatusAsync()).GetValueOrDefault(StatusFields.RestartPending) == "core",
            TimeSpan.FromSeconds(20), "the restart to be reported pending");
        (await docker.StartedAtAsync(core)).Should().Be(before);

        proxy.Up();

        await Wait.UntilAsync(async () => await docker.StartedAtAsync(core) != before, TimeSpan.FromSeconds(60), "core to restart");
        await Wait.UntilAsync(
            async () => (await cut.StatusAsync()).GetValueOrDefault(StatusFields.RestartPending) == string.Empty,
            TimeSpan.FromSeconds(20), "nothing pending");
    }
}
