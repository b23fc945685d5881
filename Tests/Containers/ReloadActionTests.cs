using PryvBus.Follower.Containers;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Containers;

[Trait(TestCategory.Name, TestCategory.Docker)]
public sealed class ReloadActionTests(DockerDaemon docker) : IClassFixture<DockerDaemon>
{
    private static Dictionary<string, ComponentSpec> Declared(string component, ReloadAction action) =>
        new(StringComparer.Ordinal) { [component] = new ComponentSpec(action, null) };

    private static ReloadAction Exec(int timeoutSeconds, params string[] command) => new(ReloadKind.Exec, null, command, timeoutSeconds);

    [Fact]
    public async Task RestartAsync_SignalAction_SendsTheSignalWithoutRestarting()
    {
        var project = DockerDaemon.NewProject();
        var nginx = await docker.RunAsync(new StandIn(project, "nginx") { Command = ContainerProbe.TrapHup });
        var before = await docker.StartedAtAsync(nginx);
        using var restarter = TestRestarter.Create(TestRestarter.Settings(docker, project));

        var results = await restarter.RestartAsync(
            ["nginx"], Declared("nginx", new ReloadAction(ReloadKind.Signal, "HUP", [], 10)), TestRestarter.Deadline());

        results.Single().Outcome.Should().Be(RestartOutcome.Reloaded);
        results.Single().Error.Should().BeNull();
        await Wait.UntilAsync(async () => (await ContainerProbe.ReadAsync(docker, nginx, "/tmp/got")).Contains("HUP", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the trap to record HUP");
        (await docker.StartedAtAsync(nginx)).Should().Be(before, "a signal is not a restart");
    }

    [Fact]
    public async Task RestartAsync_ExecAction_RunsTheCommandInsideWithoutRestarting()
    {
        var project = DockerDaemon.NewProject();
        var core = await docker.RunAsync(new StandIn(project, "core"));
        var before = await docker.StartedAtAsync(core);
        using var restarter = TestRestarter.Create(TestRestarter.Settings(docker, project));

        var results = await restarter.RestartAsync(
            ["core"], Declared("core", Exec(10, "sh", "-c", "echo reloaded > /tmp/marker")), TestRestarter.Deadline());

        results.Single().Outcome.Should().Be(RestartOutcome.Reloaded);
        (await ContainerProbe.ReadAsync(docker, core, "/tmp/marker")).Should().Be("reloaded\n");
        (await docker.StartedAtAsync(core)).Should().Be(before);
    }

    [Fact]
    public async Task RestartAsync_FailingExec_FallsBackToARestartAndSaysSo()
    {
        var project = DockerDaemon.NewProject();
        var core = await docker.RunAsync(new StandIn(project, "core"));
        var before = await docker.StartedAtAsync(core);
        using var restarter = TestRestarter.Create(TestRestarter.Settings(docker, project));

        var results = await restarter.RestartAsync(
            ["core"], Declared("core", Exec(10, "sh", "-c", "echo config broken; exit 3")), TestRestarter.Deadline());

        results.Single().Outcome.Should().Be(RestartOutcome.Restarted);
        results.Single().Error.Should().Contain("fallback to a restart").And.Contain("exited with 3").And.Contain("config broken");
        (await docker.StartedAtAsync(core)).Should().NotBe(before, "the fallback restarted it");
    }

    [Fact]
    public async Task RestartAsync_ExecOverItsTimeout_FallsBackToARestart()
    {
        var project = DockerDaemon.NewProject();
        var core = await docker.RunAsync(new StandIn(project, "core"));
        var before = await docker.StartedAtAsync(core);
        var settings = TestRestarter.Settings(docker, project) with { RequestTimeout = TimeSpan.FromSeconds(2) };
        using var restarter = TestRestarter.Create(settings);

        var results = await restarter.RestartAsync(["core"], Declared("core", Exec(1, "sleep", "60")), TestRestarter.Deadline());

        results.Single().Outcome.Should().Be(RestartOutcome.Restarted);
        results.Single().Error.Should().Contain("fallback").And.Contain("no result within 1 s");
        (await docker.StartedAtAsync(core)).Should().NotBe(before);
    }

    [Fact]
    public async Task RestartAsync_SignalToStoppedContainer_FallsBackAndStartsIt()
    {
        var project = DockerDaemon.NewProject();
        var nginx = await docker.RunAsync(new StandIn(project, "nginx"));
        await docker.StopAsync(nginx);
        using var restarter = TestRestarter.Create(TestRestarter.Settings(docker, project));

        var results = await restarter.RestartAsync(
            ["nginx"], Declared("nginx", new ReloadAction(ReloadKind.Signal, "HUP", [], 10)), TestRestarter.Deadline());

        results.Single().Outcome.Should().Be(RestartOutcome.Started);
        results.Single().Error.Should().Contain("fallback").And.Contain("not running");
        (await docker.StateAsync(nginx)).Running.Should().BeTrue();
    }
}
