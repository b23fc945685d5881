using PryvBus.Follower.Containers;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Containers;

[Trait(TestCategory.Name, TestCategory.Docker)]
public sealed class ContainerLocatorTests(DockerDaemon docker) : IClassFixture<DockerDaemon>
{
    [Fact]
    public async Task ListComponentsAsync_ProjectContainers_IncludesStoppedAndSkipsOneOffs()
    {
        var project = DockerDaemon.NewProject();
        await docker.RunAsync(new StandIn(project, "web"));
        await docker.RunAsync(new StandIn(project, "cron") { Start = false });
        // `docker compose run` containers are temporary: restarting them would re-run a one-off command.
        await docker.RunAsync(new StandIn(project, "migrate")
        {
            Labels = new Dictionary<string, string> { [ContainerLocator.OneOffLabel] = "True" },
        });
        await docker.RunAsync(new StandIn(DockerDaemon.NewProject(), "other"));
        var locator = new ContainerLocator(docker.Client, TestRestarter.Settings(docker, project));

        var components = await locator.ListComponentsAsync(TestRestarter.Deadline());

        components.Should().Equal("cron", "web");
    }

    [Fact]
    public async Task FindAsync_LabelsAndNameMap_ReturnsBothForTheComponent()
    {
        var project = DockerDaemon.NewProject();
        var labelled = await docker.RunAsync(new StandIn(project, "web"));
        var named = await docker.RunAsync(new StandIn(null, null) { Name = project + "-web-extra", Start = false });
        var settings = TestRestarter.Settings(docker, project) with
        {
            ContainerNames = new Dictionary<string, IReadOnlyList<string>> { ["web"] = [project + "-web-extra"] },
        };
        var locator = new ContainerLocator(docker.Client, settings);

        var found = await locator.FindAsync(["web", "db"], TestRestarter.Deadline());

        found["web"].Select(c => c.Id).Should().BeEquivalentTo([labelled, named]);
        found["web"].Single(c => c.Id == named).State.Should().Be("created");
        found["db"].Should().BeEmpty();
    }
}
