using PryvBus.Follower.Containers;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Containers;

[Trait(TestCategory.Name, TestCategory.Docker)]
public sealed class DockerRestarterTests(DockerDaemon docker) : IClassFixture<DockerDaemon>
{
    [Fact]
    public async Task RestartAsync_OneComponent_RestartsOnlyItsContainers()
    {
        var project = DockerDaemon.NewProject();
        var web1 = await docker.RunAsync(new StandIn(project, "web"));
        var web2 = await docker.RunAsync(new StandIn(project, "web"));
        var db = await docker.RunAsync(new StandIn(project, "db"));
        var before = new[] { await docker.StartedAtAsync(web1), await docker.StartedAtAsync(web2), await docker.StartedAtAsync(db) };
        using var restarter = TestRestarter.Create(TestRestarter.Settings(docker, project));

        var results = await restarter.RestartAsync(["web"], TestRestarter.Deadline());

        results.Should().ContainSingle().Which.Should().Match<ComponentRestartResult>(r =>
            r.Component == "web" && r.Outcome == RestartOutcome.Restarted && r.Containers.Count == 2 && r.Error == null);
        (await docker.StartedAtAsync(web1)).Should().NotBe(before[0]);
        (await docker.StartedAtAsync(web2)).Should().NotBe(before[1]);
        (await docker.StartedAtAsync(db)).Should().Be(before[2], "db was not asked for");
    }

    [Fact]
    public async Task RestartAllAsync_SeveralComponents_RestartsEveryComponentSorted()
    {
        var project = DockerDaemon.NewProject();
        var web = await docker.RunAsync(new StandIn(project, "web"));
        var db = await docker.RunAsync(new StandIn(project, "db"));
        var worker = await docker.RunAsync(new StandIn(project, "worker") { Start = false });
        var before = new[] { await docker.StartedAtAsync(web), await docker.StartedAtAsync(db) };
        using var restarter = TestRestarter.Create(TestRestarter.Settings(docker, project));

        var results = await restarter.RestartAllAsync(TestRestarter.Deadline());

        results.Select(r => (r.Component, r.Outcome)).Should().Equal(
            ("db", RestartOutcome.Restarted), ("web", RestartOutcome.Restarted), ("worker", RestartOutcome.Started));
        (await docker.StartedAtAsync(web)).Should().NotBe(before[0]);
        (await docker.StartedAtAsync(db)).Should().NotBe(before[1]);
        (await docker.StateAsync(worker)).Running.Should().BeTrue();
    }

    [Fact]
    public async Task RestartAsync_StoppedContainer_StartsIt()
    {
        var project = DockerDaemon.NewProject();
        var web = await docker.RunAsync(new StandIn(project, "web"));
        await docker.StopAsync(web);
        using var restarter = TestRestarter.Create(TestRestarter.Settings(docker, project));

        var results = await restarter.RestartAsync(["web"], TestRestarter.Deadline());

        results.Single().Outcome.Should().Be(RestartOutcome.Started);
        results.Single().Containers.Single().Attempts.Should().Be(1);
        (await docker.StateAsync(web)).Running.Should().BeTrue();
    }

    [Fact]
    public async Task RestartAsync_MissingComponent_ReportsItAndRestartsTheRest()
    {
        var project = DockerDaemon.NewProject();
        var web = await docker.RunAsync(new StandIn(project, "web"));
        var before = await docker.StartedAtAsync(web);
        using var restarter = TestRestarter.Create(TestRestarter.Settings(docker, project));

        var results = await restarter.RestartAsync(["ghost", "web"], TestRestarter.Deadline());

        results.Select(r => (r.Component, r.Outcome)).Should().Equal(
            ("ghost", RestartOutcome.NoContainer), ("web", RestartOutcome.Restarted));
        (await docker.StartedAtAsync(web)).Should().NotBe(before);
    }

    [Fact]
    public async Task RestartAsync_ExplicitNameMapping_RestartsTheNamedContainer()
    {
        var project = DockerDaemon.NewProject();
        var name = project + "-legacy";
        // No compose labels: only the name map can find it. The decoy's name contains the mapped name,
        // which Docker's own name filter would also match.
        var legacy = await docker.RunAsync(new StandIn(null, null) { Name = name });
        var decoy = await docker.RunAsync(new StandIn(null, null) { Name = name + "-decoy" });
        var before = new[] { await docker.StartedAtAsync(legacy), await docker.StartedAtAsync(decoy) };
        var settings = TestRestarter.Settings(docker, project) with
        {
            ContainerNames = new Dictionary<string, IReadOnlyList<string>> { ["legacy"] = [name] },
        };
        using var restarter = TestRestarter.Create(settings);

        var results = await restarter.RestartAsync(["legacy"], TestRestarter.Deadline());

        results.Single().Outcome.Should().Be(RestartOutcome.Restarted);
        results.Single().Containers.Single().Name.Should().Be(name);
        (await docker.StartedAtAsync(legacy)).Should().NotBe(before[0]);
        (await docker.StartedAtAsync(decoy)).Should().Be(before[1]);
    }

    [Fact]
    public async Task RestartAsync_ParallelismAboveOne_RestartsEveryContainer()
    {
        var project = DockerDaemon.NewProject();
        string[] services = ["a", "b", "c", "d"];
        var ids = new List<string>();
        foreach (var service in services)
        {
            ids.Add(await docker.RunAsync(new StandIn(project, service)));
        }

        var before = new List<string>();
        foreach (var id in ids)
        {
            before.Add(await docker.StartedAtAsync(id));
        }

        using var restarter = TestRestarter.Create(TestRestarter.Settings(docker, project) with { Parallelism = 3 });

        var results = await restarter.RestartAsync(services, TestRestarter.Deadline());

        results.Should().OnlyContain(r => r.Outcome == RestartOutcome.Restarted);
        for (var i = 0; i < ids.Count; i++)
        {
            (await docker.StartedAtAsync(ids[i])).Should().NotBe(before[i]);
        }
    }
}
