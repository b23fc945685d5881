using PryvBus.Follower.Containers;
using PryvBus.Shared.Status;
using PryvBus.Tests.Containers;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Compose;

/// <summary>The compose step on the real daemon with the real compose tool (Debian's docker-compose here).</summary>
[Trait(TestCategory.Name, TestCategory.Docker)]
public sealed class ComposeStepTests(DockerDaemon docker) : IClassFixture<DockerDaemon>
{
    private async Task<ComposeProject> StartAsync()
    {
        var project = new ComposeProject(docker);
        await project.TagAsync("a", "b");
        project.Write(("core", "a"), ("nginx", "a"));
        using var step = project.Step();
        var first = await step.RunAsync(TestRestarter.Deadline());
        first.Recreated.Should().BeEquivalentTo(["core", "nginx"], "nothing was known: every service is brought up");
        return project;
    }

    [Fact]
    public async Task RunAsync_ImageTagChanged_RecreatesOnlyThatService()
    {
        await using var project = await StartAsync();
        var core = await project.ContainerAsync("core");
        project.Write(("core", "a"), ("nginx", "b"));
        using var step = project.Step();

        var outcome = await step.RunAsync(TestRestarter.Deadline());

        outcome.Pending.Should().BeFalse();
        outcome.Recreated.Should().Equal("nginx");
        var nginx = await project.ContainerAsync("nginx");
        nginx.Image.Should().Be(project.Image("b"));
        nginx.Running.Should().BeTrue();
        (await project.ContainerAsync("core")).Should().Be(core, "core's definition did not change: same container, same start");
        outcome.StatusFields[StatusFields.ImagePrefix + "nginx"].Should().Be($"wanted {project.Image("b")}; running {project.Image("b")}");
        outcome.StatusFields[StatusFields.Compose].Should().StartWith("done ").And.Contain("brought up nginx");
    }

    [Fact]
    public async Task RunAsync_ServiceAdded_CreatedAndStarted()
    {
        await using var project = await StartAsync();
        project.Write(("core", "a"), ("nginx", "a"), ("hfs", "b"));
        using var step = project.Step();

        var outcome = await step.RunAsync(TestRestarter.Deadline());

        outcome.Recreated.Should().Equal("hfs");
        var hfs = await project.ContainerAsync("hfs");
        (hfs.Image, hfs.Running).Should().Be((project.Image("b"), true));
    }

    [Fact]
    public async Task RunAsync_ImageMissing_OldContainerKeepsRunningAndErrorInStatus()
    {
        await using var project = await StartAsync();
        var nginx = await project.ContainerAsync("nginx");
        project.Write(("core", "a"), ("nginx", "missing"));
        using var step = project.Step();

        var outcome = await step.RunAsync(TestRestarter.Deadline());

        outcome.Recreated.Should().BeEmpty();
        (await project.ContainerAsync("nginx")).Should().Be(nginx, "nothing is stopped before the image is there");
        outcome.StatusFields[StatusFields.Compose].Should().StartWith("failed ");
        outcome.StatusFields[StatusFields.ImagePrefix + "nginx"].Should()
            .Be($"wanted {project.Image("missing")}; running {project.Image("a")}; error: image {project.Image("missing")} is not on this machine; nothing was stopped");

        // Still owed to that service: once the image is there, the next pass brings it up.
        await docker.Client.Images.TagImageAsync(
            DockerDaemon.Image, new Docker.DotNet.Models.ImageTagParameters { RepositoryName = project.Repository, Tag = "missing" }, TestRestarter.Deadline());
        try
        {
            (await step.RunAsync(TestRestarter.Deadline())).Recreated.Should().Equal("nginx");
        }
        finally
        {
            await docker.Client.Images.DeleteImageAsync(project.Image("missing"), new Docker.DotNet.Models.ImageDeleteParameters { NoPrune = true }, TestRestarter.Deadline());
        }
    }

    [Fact]
    public async Task RunAsync_ServiceRemoved_ReportedAndLeftRunning()
    {
        await using var project = await StartAsync();
        var nginx = await project.ContainerAsync("nginx");
        project.Write(("core", "a"));
        using var step = project.Step();

        var outcome = await step.RunAsync(TestRestarter.Deadline());

        (await project.ContainerAsync("nginx")).Should().Be(nginx);
        outcome.StatusFields[StatusFields.Compose].Should().Contain("nginx removed from pryv.yml, left running");
        outcome.StatusFields[StatusFields.ImagePrefix + "nginx"].Should().Be($"removed from pryv.yml; running {project.Image("a")}");
    }

    [Fact]
    public async Task RunAsync_ServiceRemovedAndRemovalAllowed_ContainersRemoved()
    {
        await using var project = await StartAsync();
        var core = await project.ContainerAsync("core");
        project.Settings = project.Settings with { ComposeRemoveServices = true };
        project.Write(("core", "a"));
        using var step = project.Step();

        var outcome = await step.RunAsync(TestRestarter.Deadline());

        (await docker.ContainerIdsAsync(project.Name, "nginx")).Should().BeEmpty();
        (await project.ContainerAsync("core")).Should().Be(core);
        outcome.StatusFields[StatusFields.Compose].Should().Contain("removed nginx");
    }

    [Fact]
    public async Task RunAsync_ComposeToolMissing_PendingAndNothingTouched()
    {
        await using var project = await StartAsync();
        var nginx = await project.ContainerAsync("nginx");
        project.Settings = project.Settings with { ComposeCommand = ["pryvbus-no-such-compose-tool"] };
        project.Write(("core", "a"), ("nginx", "b"));
        using var step = project.Step();

        var outcome = await step.RunAsync(TestRestarter.Deadline());

        outcome.Pending.Should().BeTrue();
        outcome.Reason.Should().Contain("pryvbus-no-such-compose-tool");
        (await project.ContainerAsync("nginx")).Should().Be(nginx);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunAsync_ComposeFileMissingOrWithoutService_NothingRemoved(bool missing)
    {
        // A version without pryv.yml (or with an empty services map) is not "remove every service", even when removal is allowed.
        await using var project = await StartAsync();
        var (core, nginx) = (await project.ContainerAsync("core"), await project.ContainerAsync("nginx"));
        project.Settings = project.Settings with { ComposeRemoveServices = true };
        if (missing)
        {
            File.Delete(project.Root.Combine(ComponentSelection.RootFile));
        }
        else
        {
            project.Write();
        }

        using var step = project.Step();

        var outcome = await step.RunAsync(TestRestarter.Deadline());

        outcome.StatusFields[StatusFields.Compose].Should().StartWith("failed ").And.Contain("defines no service");
        (await project.ContainerAsync("core")).Should().Be(core);
        (await project.ContainerAsync("nginx")).Should().Be(nginx);
    }

    [Fact]
    public async Task RunAsync_ComposeUpTimesOut_PendingAndRetriedUntilDone()
    {
        // A compose run killed at its time limit may have left a service half recreated: the step stays owed.
        await using var project = await StartAsync();
        var settings = project.Settings;
        project.Settings = settings with { ComposeCommand = ["sh", "-c", "sleep 60", "pryvbus-hanging-compose"], ComposeTimeout = TimeSpan.FromSeconds(1) };
        project.Write(("core", "a"), ("nginx", "b"));
        using (var hanging = project.Step())
        {
            var outcome = await hanging.RunAsync(TestRestarter.Deadline());

            outcome.Pending.Should().BeTrue("a timed-out run is tried again");
            outcome.Reason.Should().Contain("timed out");
        }

        project.Settings = settings;
        using var step = project.Step();

        var retried = await step.RunAsync(TestRestarter.Deadline());

        retried.Pending.Should().BeFalse();
        retried.Recreated.Should().Equal("nginx");
        (await project.ContainerAsync("nginx")).Image.Should().Be(project.Image("b"));
    }
}
