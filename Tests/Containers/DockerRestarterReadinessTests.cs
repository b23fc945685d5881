using PryvBus.Follower.Containers;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Containers;

[Trait(TestCategory.Name, TestCategory.Docker)]
public sealed class DockerRestarterReadinessTests(DockerDaemon docker) : IClassFixture<DockerDaemon>
{
    [Fact]
    public async Task RestartAsync_HealthCheck_ReturnsOnlyOnceHealthy()
    {
        var project = DockerDaemon.NewProject();
        var api = await docker.RunAsync(new StandIn(project, "api") { HealthCommand = "true" });
        await Wait.UntilAsync(async () => (await docker.StateAsync(api)).Health?.Status == "healthy",
            TimeSpan.FromSeconds(20), "the stand-in's first health check");
        using var restarter = TestRestarter.Create(TestRestarter.Settings(docker, project));

        var results = await restarter.RestartAsync(["api"], TestRestarter.Deadline());

        // A restart resets health to "starting" until the first check passes (about a second later):
        // seeing "healthy" right after the call proves the restarter waited for it.
        results.Single().Outcome.Should().Be(RestartOutcome.Restarted);
        ((await docker.StateAsync(api)).Health?.Status).Should().Be("healthy");
    }

    [Fact]
    public async Task RestartAsync_NeverHealthy_FailsAfterTheWaitTimeout()
    {
        var project = DockerDaemon.NewProject();
        await docker.RunAsync(new StandIn(project, "api") { HealthCommand = "false" });
        var settings = TestRestarter.Settings(docker, project) with { WaitTimeout = TimeSpan.FromSeconds(2), MaxAttempts = 1 };
        using var restarter = TestRestarter.Create(settings);

        var results = await restarter.RestartAsync(["api"], TestRestarter.Deadline());

        results.Single().Outcome.Should().Be(RestartOutcome.Failed);
        results.Single().Error.Should().Contain("not ready after 2 s");
    }

    [Fact]
    public async Task RestartAsync_ContainerThatCannotStart_FailsAfterAttemptsAndOthersStillRestart()
    {
        var project = DockerDaemon.NewProject();
        // Docker creates a container with a missing command but refuses to start it: a deterministic failure.
        await docker.RunAsync(new StandIn(project, "broken") { Command = ["/no/such/command"], Start = false });
        var web = await docker.RunAsync(new StandIn(project, "web"));
        var before = await docker.StartedAtAsync(web);
        using var restarter = TestRestarter.Create(TestRestarter.Settings(docker, project));

        var results = await restarter.RestartAsync(["broken", "web"], TestRestarter.Deadline());

        var broken = results[0];
        broken.Outcome.Should().Be(RestartOutcome.Failed);
        broken.Containers.Single().Attempts.Should().Be(2);
        broken.Error.Should().Contain("/no/such/command");
        broken.FinishedAt.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        results[1].Outcome.Should().Be(RestartOutcome.Restarted);
        (await docker.StartedAtAsync(web)).Should().NotBe(before);
    }
}
