using PryvBus.Shared.Status;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Compose;
using PryvBus.Tests.Containers;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// A declared check is never skipped: with no container of the component, or one that does not mount its folder, the
/// check runs as the version's <c>pryv.yml</c> declares the service (image and volumes); without such a service the
/// version is refused, naming the component.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Docker)]
public sealed class FollowerCheckFallbackTests(RedisServer redis, DockerDaemon docker) : IClassFixture<RedisServer>, IClassFixture<DockerDaemon>
{
    private readonly string _web = "web" + Guid.NewGuid().ToString("N")[..8];

    private Dictionary<string, ComponentSpec> GrepOk() => new(StringComparer.Ordinal)
    {
        [_web] = new(ReloadAction.Restart, new ComponentCheck(["grep", "-q", "OK", "/etc/x/conf"], 30)),
    };

    private async Task<string> RefusalAsync(FollowerHarness follower)
    {
        await Wait.UntilAsync(
            async () => (await follower.StatusAsync()).GetValueOrDefault(StatusFields.Error)?.Contains("check of " + _web, StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(60),
            "the refused check in the status");
        return (await follower.StatusAsync())[StatusFields.Error];
    }

    [Fact]
    public async Task Check_NoContainerYet_RunsAsThePryvYmlServiceDeclaresIt()
    {
        await using var project = new ComposeProject(docker);
        await project.TagAsync("a");
        await using var follower = new FollowerHarness(redis, containers: project.Settings);
        follower.Leader.Components = GrepOk();
        await using var events = CheckEvents.Watch(docker, _web);
        var serial = await follower.Leader.StoreAsync(new Dictionary<string, string>
        {
            ["pryv.yml"] = FollowerCheckImageTests.ComposeFile(project, _web, "a"),
            [_web + "/conf"] = "OK v1",
        });

        await follower.StartAsync();

        await follower.WaitForAppliedAsync(serial, TimeSpan.FromSeconds(60));
        events.Created.Should().Be(1, "the check ran, in the service's image, before the container existed");
    }

    [Fact]
    public async Task Check_NoContainerYetAndBrokenFiles_RefusedByThePryvYmlServiceCheck()
    {
        await using var project = new ComposeProject(docker);
        await project.TagAsync("a");
        await using var follower = new FollowerHarness(redis, containers: project.Settings);
        follower.Leader.Components = GrepOk();
        await follower.Leader.StoreAsync(new Dictionary<string, string>
        {
            ["pryv.yml"] = FollowerCheckImageTests.ComposeFile(project, _web, "a"),
            [_web + "/conf"] = "broken v1",
        });

        await follower.StartAsync();

        (await RefusalAsync(follower)).Should().Contain("exited with 1");
        File.Exists(follower.Path(_web + "/conf")).Should().BeFalse("nothing of a refused version is written");
        File.Exists(follower.Path("pryv.yml")).Should().BeFalse();
        (await docker.ContainerIdsAsync(project.Name, _web)).Should().BeEmpty("the compose step never ran");
    }

    [Fact]
    public async Task Check_NoContainerAndNoPryvYmlService_VersionRefusedNamingTheComponent()
    {
        await using var follower = new FollowerHarness(redis, containers: TestRestarter.Settings(docker, DockerDaemon.NewProject()));
        follower.Leader.Components = GrepOk();
        await follower.Leader.StoreAsync(new Dictionary<string, string> { [_web + "/conf"] = "OK v1" });

        await follower.StartAsync();

        (await RefusalAsync(follower)).Should().Contain($"no container of {_web} on this machine, and no service {_web} in the version's pryv.yml");
        File.Exists(follower.Path(_web + "/conf")).Should().BeFalse();
    }

    [Fact]
    public async Task Check_ContainerMountsNothingOfItsFolder_VersionRefused()
    {
        var project = DockerDaemon.NewProject();
        await docker.RunAsync(new StandIn(project, _web));
        await using var follower = new FollowerHarness(redis, containers: TestRestarter.Settings(docker, project));
        follower.Leader.Components = GrepOk();
        await follower.Leader.StoreAsync(new Dictionary<string, string> { [_web + "/conf"] = "OK v1" });

        await follower.StartAsync();

        (await RefusalAsync(follower)).Should().Contain("mounts nothing of").And.Contain("the check could not see the staged files");
        File.Exists(follower.Path(_web + "/conf")).Should().BeFalse();
    }
}
