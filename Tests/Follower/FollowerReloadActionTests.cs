using PryvBus.Shared.Status;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Containers;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>Reload actions from the leader's settings, signed in the version, taken by the follower's container step.</summary>
[Trait(TestCategory.Name, TestCategory.Docker)]
public sealed class FollowerReloadActionTests(RedisServer redis, DockerDaemon docker) : IClassFixture<RedisServer>, IClassFixture<DockerDaemon>
{
    private static readonly Dictionary<string, string> Initial = new()
    {
        ["core/conf/core.yml"] = "a: 1",
        ["nginx/conf/site.conf"] = "server {}",
    };

    private static readonly Dictionary<string, ComponentSpec> NginxHup = new(StringComparer.Ordinal)
    {
        ["nginx"] = new(new ReloadAction(ReloadKind.Signal, "HUP", [], 10), null),
    };

    private static async Task<string> WaitForResultAsync(FollowerHarness follower, string component, string? notBefore = null)
    {
        string? value = null;
        await Wait.UntilAsync(
            async () => (value = (await follower.StatusAsync()).GetValueOrDefault(StatusFields.RestartPrefix + component)) is not null
                && value != notBefore && !value.StartsWith("pending", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            $"a restart result for {component}");
        return value!;
    }

    private async Task<int> HupsAsync(string id) =>
        (await ContainerProbe.ReadAsync(docker, id, "/tmp/got")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    [Fact]
    public async Task Apply_ComponentDeclaringASignal_IsSignalledNotRestarted()
    {
        var project = DockerDaemon.NewProject();
        var nginx = await docker.RunAsync(new StandIn(project, "nginx") { Command = ContainerProbe.TrapHup });
        var core = await docker.RunAsync(new StandIn(project, "core"));
        await using var follower = new FollowerHarness(redis, containers: TestRestarter.Settings(docker, project));
        follower.Leader.Components = NginxHup;
        await follower.Leader.StoreAsync(Initial);
        await follower.StartAsync();
        var first = await WaitForResultAsync(follower, "nginx");
        await WaitForResultAsync(follower, "core");
        var nginxStart = await docker.StartedAtAsync(nginx);
        var coreStart = await docker.StartedAtAsync(core);
        var hups = await HupsAsync(nginx);

        await follower.Leader.PublishAsync(new Dictionary<string, string>(Initial) { ["nginx/conf/site.conf"] = "server { listen 443; }" });

        (await WaitForResultAsync(follower, "nginx", first)).Should().StartWith("reloaded ");
        await Wait.UntilAsync(async () => await HupsAsync(nginx) > hups, TimeSpan.FromSeconds(20), "nginx's trap to record the HUP");
        (await docker.StartedAtAsync(nginx)).Should().Be(nginxStart, "a signal is not a restart");
        (await docker.StartedAtAsync(core)).Should().Be(coreStart, "core's files did not change");
    }

    [Fact]
    public async Task ReloadEvent_AfterTheFollowerRestarted_UsesTheSignedAction()
    {
        var project = DockerDaemon.NewProject();
        var nginx = await docker.RunAsync(new StandIn(project, "nginx") { Command = ContainerProbe.TrapHup });
        await using var follower = new FollowerHarness(redis, containers: TestRestarter.Settings(docker, project));
        follower.Leader.Components = NginxHup;
        await follower.Leader.StoreAsync(Initial);
        await follower.StartAsync();
        var first = await WaitForResultAsync(follower, "nginx");
        await follower.StopAsync();
        await follower.StartAsync();
        var nginxStart = await docker.StartedAtAsync(nginx);
        var hups = await HupsAsync(nginx);

        await follower.Leader.PublishRawAsync("reload core nginx");

        (await WaitForResultAsync(follower, "nginx", first)).Should().StartWith("reloaded ");
        await Wait.UntilAsync(async () => await HupsAsync(nginx) > hups, TimeSpan.FromSeconds(20), "nginx's trap to record the HUP");
        (await docker.StartedAtAsync(nginx)).Should().Be(nginxStart);
    }
}
