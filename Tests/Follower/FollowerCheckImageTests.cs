using Docker.DotNet.Models;
using PryvBus.Shared.Status;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Compose;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// A version that changes a service's image in <c>pryv.yml</c> and its files together: the check runs in the image the
/// new <c>pryv.yml</c> names (the one the component runs once the version is applied), not in the old one.
/// Image <c>:b</c> differs from <c>:a</c> by a file, <c>/marker-b</c>, which the check looks for.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Docker)]
public sealed class FollowerCheckImageTests(RedisServer redis, DockerDaemon docker) : IClassFixture<RedisServer>, IClassFixture<DockerDaemon>
{
    private readonly string _web = "web" + Guid.NewGuid().ToString("N")[..8];

    /// <summary><c>pryv.yml</c> with the one service, on image <paramref name="tag"/>, reading its folder at /etc/x.</summary>
    internal static string ComposeFile(ComposeProject project, string service, string tag) =>
        $"version: \"3.5\"\nservices:\n  {service}:\n    image: {project.Image(tag)}\n    command: [\"sleep\", \"3600\"]\n"
        + $"    network_mode: none\n    stop_signal: SIGKILL\n    volumes:\n      - ./{service}:/etc/x:ro\n";

    private Dictionary<string, string> Version(ComposeProject project, string tag, string conf) => new()
    {
        ["pryv.yml"] = ComposeFile(project, _web, tag),
        [_web + "/conf"] = conf,
    };

    /// <summary>Makes <c>:b</c> from the busybox stand-in: a container touches /marker-b, then is committed.</summary>
    private async Task CommitMarkerImageAsync(ComposeProject project)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var created = await docker.Client.Containers.CreateContainerAsync(
            new CreateContainerParameters
            {
                Image = DockerDaemon.Image,
                Name = project.Name + "-marker",
                Cmd = ["touch", "/marker-b"],
                NetworkDisabled = true,
                HostConfig = new HostConfig { NetworkMode = "none" },
            },
            timeout.Token);
        try
        {
            await docker.Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), timeout.Token);
            (await docker.Client.Containers.WaitContainerAsync(created.ID, timeout.Token)).StatusCode.Should().Be(0);
            await docker.Client.Images.CommitContainerChangesAsync(
                new CommitContainerChangesParameters { ContainerID = created.ID, RepositoryName = project.Repository, Tag = "b" }, timeout.Token);
        }
        finally
        {
            await docker.Client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, timeout.Token);
        }
    }

    /// <summary>The web service runs <c>:a</c> at version 1 (no check yet); from then on it declares the marker check.</summary>
    private async Task<(FollowerHarness Follower, long Good)> StartOnImageAAsync(ComposeProject project)
    {
        await project.TagAsync("a");
        await CommitMarkerImageAsync(project);
        var follower = new FollowerHarness(redis, pollInterval: TimeSpan.FromMilliseconds(500), containers: project.Settings);
        var good = await follower.Leader.StoreAsync(Version(project, "a", "v1"));
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(good, TimeSpan.FromSeconds(60));
        await Wait.UntilAsync(
            async () => (await follower.StatusAsync()).GetValueOrDefault(StatusFields.ImagePrefix + _web) == $"wanted {project.Image("a")}; running {project.Image("a")}",
            TimeSpan.FromSeconds(60),
            "web to run :a");
        follower.Leader.Components = new Dictionary<string, ComponentSpec>(StringComparer.Ordinal)
        {
            [_web] = new(ReloadAction.Restart, new ComponentCheck(["test", "-f", "/marker-b"], 30)),
        };
        return (follower, good);
    }

    [Fact]
    public async Task Check_PryvYmlSwitchesTheImage_RunsInTheNewImage()
    {
        await using var project = new ComposeProject(docker);
        var (follower, _) = await StartOnImageAAsync(project);
        await using var _ = follower;

        var next = await follower.Leader.PublishAsync(Version(project, "b", "v2"));

        await follower.WaitForAppliedAsync(next, TimeSpan.FromSeconds(60));
        follower.Read(_web + "/conf").Should().Be("v2");
        await Wait.UntilAsync(
            async () => (await follower.StatusAsync()).GetValueOrDefault(StatusFields.ImagePrefix + _web) == $"wanted {project.Image("b")}; running {project.Image("b")}",
            TimeSpan.FromSeconds(60),
            "web to run :b");
    }

    [Fact]
    public async Task Check_PryvYmlKeepsTheOldImage_FailsInIt()
    {
        await using var project = new ComposeProject(docker);
        var (follower, good) = await StartOnImageAAsync(project);
        await using var _ = follower;

        var bad = await follower.Leader.PublishAsync(Version(project, "a", "v2"));

        await follower.WaitForStateAsync(FollowerState.Reverted, TimeSpan.FromSeconds(60));
        var status = await follower.StatusAsync();
        status[StatusFields.Error].Should().Contain($"version {bad} refused").And.Contain("check of " + _web).And.Contain("exited with 1");
        status[StatusFields.Serial].Should().Be(good.ToString(System.Globalization.CultureInfo.InvariantCulture));
        follower.Read(_web + "/conf").Should().Be("v1");
    }

    [Fact]
    public async Task Check_NewImageNotOnThisMachine_VersionRefusedNamingImageAndService()
    {
        await using var project = new ComposeProject(docker);
        var (follower, good) = await StartOnImageAAsync(project);
        await using var _ = follower;

        // :c is never made, and the settings do not allow a pull: nothing is pulled, the version is refused.
        var bad = await follower.Leader.PublishAsync(Version(project, "c", "v2"));

        await follower.WaitForStateAsync(FollowerState.Reverted, TimeSpan.FromSeconds(60));
        var status = await follower.StatusAsync();
        status[StatusFields.Error].Should().Contain($"version {bad} refused")
            .And.Contain($"service {_web} on image {project.Image("c")}, which is not on this machine");
        status[StatusFields.Serial].Should().Be(good.ToString(System.Globalization.CultureInfo.InvariantCulture));
        follower.Read(_web + "/conf").Should().Be("v1");
        follower.Read("pryv.yml").Should().Contain(project.Image("a"), "the last good pryv.yml stays");
        (await project.ContainerAsync(_web)).Image.Should().Be(project.Image("a"));
    }
}
