using PryvBus.Follower.Containers;
using PryvBus.Shared.Status;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Containers;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>Checks before the swap: the staged files of a component are checked in a throwaway container of its image.</summary>
[Trait(TestCategory.Name, TestCategory.Docker)]
public sealed class FollowerCheckTests(RedisServer redis, DockerDaemon docker) : IClassFixture<RedisServer>, IClassFixture<DockerDaemon>
{
    /// <summary>A component of the test's own, so that the daemon's events of other tests never count.</summary>
    private readonly string _web = "web" + Guid.NewGuid().ToString("N")[..8];

    private Dictionary<string, string> Files(string conf) => new()
    {
        ["core/conf/core.yml"] = "a: 1",
        [_web + "/conf"] = conf,
    };

    private Dictionary<string, ComponentSpec> GrepOk(int timeoutSeconds = 30) => new(StringComparer.Ordinal)
    {
        [_web] = new(ReloadAction.Restart, new ComponentCheck(["grep", "-q", "OK", "/etc/x/conf"], timeoutSeconds)),
    };

    /// <summary>Starts the follower on "OK v1" (its check passes), waits until it is applied; returns its serial.</summary>
    private async Task<long> StartWithAGoodVersionAsync(FollowerHarness follower)
    {
        var good = await follower.Leader.StoreAsync(Files("OK v1"));
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(good, TimeSpan.FromSeconds(60));
        return good;
    }

    /// <summary>Publishes "broken v2" (its check fails) and waits until the follower reports the refusal.</summary>
    private async Task PublishAFailingVersionAsync(FollowerHarness follower)
    {
        await follower.Leader.PublishAsync(Files("broken v2"));
        await follower.WaitForStateAsync(FollowerState.Reverted, TimeSpan.FromSeconds(60));
    }

    private async Task<(FollowerHarness Follower, string Web)> StartAsync(string project, TempDirectory temp)
    {
        Directory.CreateDirectory(temp.Combine("pryv", _web));
        var web = await docker.RunAsync(new StandIn(project, _web) { Binds = [$"{temp.Combine("pryv", _web)}:/etc/x:ro"] });
        var follower = new FollowerHarness(redis, pollInterval: TimeSpan.FromMilliseconds(200), temp: temp, containers: TestRestarter.Settings(docker, project));
        follower.Leader.Components = GrepOk();
        return (follower, web);
    }

    [Fact]
    public async Task Apply_CheckPasses_FilesApplied()
    {
        using var temp = new TempDirectory();
        var (follower, _) = await StartAsync(DockerDaemon.NewProject(), temp);
        await using var _ = follower;
        await using var events = CheckEvents.Watch(docker, _web);
        var serial = await follower.Leader.StoreAsync(Files("OK v1"));

        await follower.StartAsync();

        await follower.WaitForAppliedAsync(serial, TimeSpan.FromSeconds(60));
        follower.Read(_web + "/conf").Should().Be("OK v1");
        events.Created.Should().Be(1);
        Directory.Exists(Path.Combine(follower.Root, ".pryvbus", "staging", _web)).Should().BeFalse("staged files are removed after the check");
    }

    [Fact]
    public async Task Apply_CheckFails_LiveFilesUntouchedOutputInStatusAndNoRetryLoop()
    {
        using var temp = new TempDirectory();
        var (follower, web) = await StartAsync(DockerDaemon.NewProject(), temp);
        await using var _ = follower;
        var good = await StartWithAGoodVersionAsync(follower);
        await Wait.UntilAsync(async () => (await follower.StatusAsync()).ContainsKey(StatusFields.RestartPrefix + _web), TimeSpan.FromSeconds(60), "the first restart");
        var webStart = await docker.StartedAtAsync(web);
        await using var events = CheckEvents.Watch(docker, _web);
        follower.Leader.Components = new Dictionary<string, ComponentSpec>(StringComparer.Ordinal)
        {
            [_web] = new(ReloadAction.Restart, new ComponentCheck(["sh", "-c", "echo \"conf says: $(cat /etc/x/conf)\"; grep -q OK /etc/x/conf"], 30)),
        };

        var bad = await follower.Leader.PublishAsync(Files("broken v2"));

        await Wait.UntilAsync(
            async () => (await follower.StatusAsync()).GetValueOrDefault(StatusFields.Error)?.Contains("check of " + _web, StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(60),
            "the failed check in the status");
        var status = await follower.StatusAsync();
        status[StatusFields.Error].Should().Contain($"version {bad} refused").And.Contain("exited with 1").And.Contain("conf says: broken v2");
        status[StatusFields.Serial].Should().Be(good.ToString(System.Globalization.CultureInfo.InvariantCulture));
        follower.Read(_web + "/conf").Should().Be("OK v1");

        // Polled every 200 ms: several more syncs see the same serial, and none runs the check again.
        var updated = status[StatusFields.Updated];
        for (var i = 0; i < 3; i++)
        {
            await Wait.UntilAsync(async () => (await follower.StatusAsync())[StatusFields.Updated] != updated, TimeSpan.FromSeconds(20), "another sync");
            updated = (await follower.StatusAsync())[StatusFields.Updated];
        }

        events.Created.Should().Be(1, "a refused version is checked once");
        follower.Read(_web + "/conf").Should().Be("OK v1");
        (await docker.StartedAtAsync(web)).Should().Be(webStart, "the running container stays as it is");
        Directory.Exists(Path.Combine(follower.Root, ".pryvbus", "staging", _web)).Should().BeFalse();
    }

    [Fact]
    public async Task Apply_NewSerialAfterAFailedCheck_IsCheckedAndApplied()
    {
        using var temp = new TempDirectory();
        var (follower, _) = await StartAsync(DockerDaemon.NewProject(), temp);
        await using var _ = follower;
        await StartWithAGoodVersionAsync(follower);
        await PublishAFailingVersionAsync(follower);

        var fixedSerial = await follower.Leader.PublishAsync(Files("OK v3"));

        await follower.WaitForAppliedAsync(fixedSerial, TimeSpan.FromSeconds(60));
        follower.Read(_web + "/conf").Should().Be("OK v3");
    }

    [Fact]
    public async Task Apply_NoChangedComponentDeclaresACheck_NoCheckContainer()
    {
        using var temp = new TempDirectory();
        var (follower, _) = await StartAsync(DockerDaemon.NewProject(), temp);
        await using var _ = follower;
        await StartWithAGoodVersionAsync(follower);
        await using var events = CheckEvents.Watch(docker, _web);

        var next = await follower.Leader.PublishAsync(new Dictionary<string, string>(Files("OK v1")) { ["core/conf/core.yml"] = "a: 2" });

        await follower.WaitForAppliedAsync(next, TimeSpan.FromSeconds(60));
        events.Created.Should().Be(0, "only core changed, and core declares no check");
        Directory.Exists(Path.Combine(follower.Root, ".pryvbus", "staging")).Should().BeFalse();
    }

    [Fact]
    public async Task ReloadEvent_AfterAFailedCheck_ChecksTheSameVersionAgain()
    {
        using var temp = new TempDirectory();
        var (follower, _) = await StartAsync(DockerDaemon.NewProject(), temp);
        await using var _ = follower;
        await StartWithAGoodVersionAsync(follower);
        await PublishAFailingVersionAsync(follower);
        await using var events = CheckEvents.Watch(docker, _web);

        // The operator fixed what the check depends on outside PryvBus, and asks again.
        await follower.Leader.PublishRawAsync("reload core " + _web);

        await Wait.UntilAsync(() => Task.FromResult(events.Created >= 1), TimeSpan.FromSeconds(60), "the check to run again");
        follower.Read(_web + "/conf").Should().Be("OK v1");
    }

    [Fact]
    public async Task Apply_CheckOverItsTimeout_RefusedAndItsContainerRemoved()
    {
        using var temp = new TempDirectory();
        var (follower, _) = await StartAsync(DockerDaemon.NewProject(), temp);
        await using var _ = follower;
        follower.Leader.Components = new Dictionary<string, ComponentSpec>(StringComparer.Ordinal)
        {
            [_web] = new(ReloadAction.Restart, new ComponentCheck(["sleep", "60"], 1)),
        };
        await follower.Leader.StoreAsync(Files("OK v1"));

        await follower.StartAsync();

        await Wait.UntilAsync(
            async () => (await follower.StatusAsync()).GetValueOrDefault(StatusFields.Error)?.Contains("did not finish within 1 s", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(60),
            "the timed-out check in the status");
        File.Exists(follower.Path(_web + "/conf")).Should().BeFalse("nothing of a refused version is written");
        var left = await docker.Client.Containers.ListContainersAsync(new Docker.DotNet.Models.ContainersListParameters { All = true });
        left.Should().NotContain(c => c.Names.Any(n => n.StartsWith("/pryvbus-check-" + _web + "-", StringComparison.Ordinal)));
    }
}
