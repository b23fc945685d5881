using System.Globalization;
using PryvBus.Shared.Status;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Containers;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// Automatic revert on one machine: a stand-in whose Docker health check greps its config file for <c>good</c>; a
/// version that makes it unhealthy is replaced by the previous version's files, and not applied again on its own.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Docker)]
public sealed class FollowerRevertTests(RedisServer redis, DockerDaemon docker) : IClassFixture<RedisServer>, IClassFixture<DockerDaemon>
{
    private readonly string _web = "web" + Guid.NewGuid().ToString("N")[..8];

    private Dictionary<string, string> Files(string conf) => new()
    {
        ["core/conf/core.yml"] = "a: 1",
        [_web + "/conf"] = conf,
    };

    private Dictionary<string, ComponentSpec> Health(IReadOnlyList<string>? command = null) => new(StringComparer.Ordinal)
    {
        [_web] = new(ReloadAction.Restart, null, new ComponentHealth(null, command, 5, 20, 1)),
    };

    /// <param name="dockerHealth">
    /// Whether the stand-in has its Docker health check (1 s limit): off for the probe command's tests, where a check that
    /// times out on a loaded machine would be the revert's reason instead of the probe.
    /// </param>
    private async Task<(FollowerHarness Follower, string Web, long Good)> StartAsync(
        TempDirectory temp, IReadOnlyDictionary<string, ComponentSpec> components, bool dockerHealth = true)
    {
        var project = DockerDaemon.NewProject();
        Directory.CreateDirectory(temp.Combine("pryv", _web));
        var web = await docker.RunAsync(new StandIn(project, _web)
        {
            Binds = [$"{temp.Combine("pryv", _web)}:/etc/x:ro"],
            HealthCommand = dockerHealth ? "grep -q good /etc/x/conf" : null,
        });
        var follower = new FollowerHarness(redis, pollInterval: TimeSpan.FromMilliseconds(200), temp: temp, containers: TestRestarter.Settings(docker, project));
        follower.Leader.Components = components;
        var good = await follower.Leader.StoreAsync(Files("good v1"));
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(good, TimeSpan.FromSeconds(60));
        await WaitForHealthAsync(follower, good, HealthValues.Healthy);
        return (follower, web, good);
    }

    private static async Task<Dictionary<string, string>> WaitForHealthAsync(FollowerHarness follower, long serial, string health)
    {
        Dictionary<string, string> status = [];
        try
        {
            await Wait.UntilAsync(
                async () => (status = await follower.StatusAsync()).GetValueOrDefault(StatusFields.HealthSerial) == Number(serial)
                    && status.GetValueOrDefault(StatusFields.Health) == health,
                TimeSpan.FromSeconds(150),
                $"health {health} for version {serial}");
        }
        catch (TimeoutException e)
        {
            // What the follower said and did, so that a failure under load can be explained from the test's output.
            var said = string.Join('\n', status.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));
            var did = string.Join('\n', follower.Logs.Entries.Select(l => $"{l.Level} {l.Category}: {l.Message}"));
            throw new TimeoutException($"{e.Message}\nstatus:\n{said}\nlog:\n{did}", e);
        }

        return status;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Apply_UnhealthyVersion_RevertedNotReappliedUntilANewerOne()
    {
        using var temp = new TempDirectory();
        var (follower, web, good) = await StartAsync(temp, Health());
        await using var _ = follower;

        var bad = await follower.Leader.PublishAsync(Files("bad v2"));

        await follower.WaitForStateAsync(FollowerState.Reverted, TimeSpan.FromSeconds(150));
        var status = await WaitForHealthAsync(follower, good, HealthValues.Healthy);
        status[StatusFields.State].Should().Be(FollowerState.Reverted);
        status[StatusFields.Reverted].Should().StartWith($"{bad} {status[StatusFields.Generation]}: {_web} unhealthy").And.Contain("Docker health check");
        status[StatusFields.Serial].Should().Be(Number(good));
        status[StatusFields.Wanted].Should().Be(Number(bad));
        follower.Read(_web + "/conf").Should().Be("good v1");
        follower.Manifest()!.Serial.Should().Be(good);
        await Wait.UntilAsync(async () => (await docker.StateAsync(web)).Health?.Status == "healthy", TimeSpan.FromSeconds(30), "the stand-in healthy again");

        await follower.StopAsync();
        await follower.StartAsync();
        await Wait.UntilAsync(
            async () => (await follower.StatusAsync()).GetValueOrDefault(StatusFields.Updated) != status[StatusFields.Updated]
                && (await follower.StatusAsync()).GetValueOrDefault(StatusFields.State) == FollowerState.Reverted,
            TimeSpan.FromSeconds(30),
            "the restarted follower to report the revert");
        follower.Read(_web + "/conf").Should().Be("good v1", "the reverted serial is not applied again after a restart");

        var newer = await follower.Leader.PublishAsync(Files("good v3"));

        await follower.WaitForAppliedAsync(newer, TimeSpan.FromSeconds(60));
        follower.Read(_web + "/conf").Should().Be("good v3");
        await WaitForHealthAsync(follower, newer, HealthValues.Healthy);
    }

    [Fact]
    public async Task Apply_AfterARevert_AnOlderRetainedVersionIsRefusedNotApplied()
    {
        using var temp = new TempDirectory();
        var (follower, _, good) = await StartAsync(temp, Health());
        await using var __ = follower;
        await follower.StopAsync();
        var skipped = await follower.Leader.StoreAsync(Files("good v2, never applied"));
        var bad = await follower.Leader.StoreAsync(Files("bad v3"));
        await follower.StartAsync();
        await follower.WaitForStateAsync(FollowerState.Reverted, TimeSpan.FromSeconds(150));
        await WaitForHealthAsync(follower, good, HealthValues.Healthy);

        // Redis rolled back (a restored backup, a failover, a leader credential misused): the serial key names the version
        // that 3 superseded, still retained. It is newer than the files (1) but older than what the revert went back from.
        await redis.Db.StringSetAsync(follower.Leader.Keys.Serial(LeaderDouble.Role), skipped);

        await Wait.UntilAsync(
            async () => (await follower.StatusAsync()).GetValueOrDefault(StatusFields.Error)?.Contains($"older than the reverted {bad}") == true,
            TimeSpan.FromSeconds(30),
            "the retained older version refused");
        follower.Read(_web + "/conf").Should().Be("good v1");
        follower.Manifest()!.Serial.Should().Be(good);

        // An operator's reload clears the revert: the version is then newer than the files, and applied.
        await follower.Leader.PublishRawAsync("reload " + LeaderDouble.Role);
        await follower.WaitForAppliedAsync(skipped, TimeSpan.FromSeconds(60));
        follower.Read(_web + "/conf").Should().Be("good v2, never applied");
    }

    [Fact]
    public async Task Apply_ExecProbeFails_Reverted()
    {
        using var temp = new TempDirectory();
        var (follower, _, good) = await StartAsync(temp, Health(command: ["sh", "-c", "! grep -q probe-fails /etc/x/conf"]), dockerHealth: false);
        await using var __ = follower;

        var bad = await follower.Leader.PublishAsync(Files("good but probe-fails v2"));

        await follower.WaitForStateAsync(FollowerState.Reverted, TimeSpan.FromSeconds(150));
        var status = await follower.StatusAsync();
        status[StatusFields.Reverted].Should().StartWith($"{bad} ").And.Contain("probe command exited with 1");
        follower.Read(_web + "/conf").Should().Be("good v1");
        await WaitForHealthAsync(follower, good, HealthValues.Healthy);
    }

    [Fact]
    public async Task ReloadEvent_AfterARevert_AppliesTheRefusedVersionAgain()
    {
        using var temp = new TempDirectory();
        var (follower, web, good) = await StartAsync(
            temp, Health(command: ["sh", "-c", "! grep -q probe-fails /etc/x/conf || test -e /tmp/fixed"]), dockerHealth: false);
        await using var __ = follower;
        var bad = await follower.Leader.PublishAsync(Files("good but probe-fails v2"));
        await follower.WaitForStateAsync(FollowerState.Reverted, TimeSpan.FromSeconds(150));

        // "reverted" is reported as soon as the good files are back; the revert then restarts the stand-in and watches
        // it. The fix is made once that is over (an exec into a container being killed can end without running), and
        // checked: a restart keeps the container's file system.
        await WaitForHealthAsync(follower, good, HealthValues.Healthy);
        await Wait.UntilAsync(async () => await TryExecAsync(web, "touch /tmp/fixed && test -e /tmp/fixed"), TimeSpan.FromSeconds(60), "the fix made in the stand-in");

        await follower.Leader.PublishRawAsync("reload " + LeaderDouble.Role);

        await follower.WaitForAppliedAsync(bad, TimeSpan.FromSeconds(60));
        follower.Read(_web + "/conf").Should().Be("good but probe-fails v2");
        await WaitForHealthAsync(follower, bad, HealthValues.Healthy);
    }

    private async Task<bool> TryExecAsync(string id, string script)
    {
        try
        {
            return await ExecAsync(id, script) == 0;
        }
        catch (Docker.DotNet.DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>Runs <paramref name="script"/> in the container and returns its exit code (null while it still runs).</summary>
    private async Task<long?> ExecAsync(string id, string script)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var created = await docker.Client.Exec.CreateContainerExecAsync(
            id, new Docker.DotNet.Models.ContainerExecCreateParameters { Cmd = ["sh", "-c", script], AttachStdout = true }, timeout.Token);
        using var stream = await docker.Client.Exec.StartContainerExecAsync(created.ID, new Docker.DotNet.Models.ContainerExecStartParameters(), timeout.Token);
        await stream.ReadOutputToEndAsync(timeout.Token);
        return (await docker.Client.Exec.InspectContainerExecAsync(created.ID, timeout.Token)).ExitCode;
    }
}
