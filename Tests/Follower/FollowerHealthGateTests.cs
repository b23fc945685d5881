using System.Globalization;
using System.Net;
using PryvBus.Shared.Status;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Containers;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// The health gate after an apply: a stand-in whose Docker health check greps its config file for <c>good</c>, and
/// optional probes declared in the signed <c>components</c> field; the result lands in the status hash.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Docker)]
public sealed class FollowerHealthGateTests(RedisServer redis, DockerDaemon docker) : IClassFixture<RedisServer>, IClassFixture<DockerDaemon>
{
    private readonly string _web = "web" + Guid.NewGuid().ToString("N")[..8];

    private Dictionary<string, string> Files(string conf) => new()
    {
        ["core/conf/core.yml"] = "a: 1",
        [_web + "/conf"] = conf,
    };

    private Dictionary<string, ComponentSpec> Health(string? url = null, IReadOnlyList<string>? command = null) => new(StringComparer.Ordinal)
    {
        [_web] = new(ReloadAction.Restart, null, new ComponentHealth(url, command, 5, 20, 1)),
    };

    /// <param name="dockerHealth">
    /// Whether the stand-in has its Docker health check (1 s limit): off for the probes' own tests, where a check that
    /// times out on a loaded machine would be the reason reported instead of the probe's (as in FollowerRevertTests).
    /// </param>
    private async Task<FollowerHarness> StartAsync(
        TempDirectory temp, IReadOnlyDictionary<string, ComponentSpec> components, bool dockerHealth = true)
    {
        var project = DockerDaemon.NewProject();
        Directory.CreateDirectory(temp.Combine("pryv", _web));
        await docker.RunAsync(new StandIn(project, _web)
        {
            Binds = [$"{temp.Combine("pryv", _web)}:/etc/x:ro"],
            HealthCommand = dockerHealth ? "grep -q good /etc/x/conf" : null,
        });
        var follower = new FollowerHarness(redis, pollInterval: TimeSpan.FromMilliseconds(200), temp: temp, containers: TestRestarter.Settings(docker, project));
        follower.Leader.Components = components;
        var first = await follower.Leader.StoreAsync(Files("good v1"));
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(first, TimeSpan.FromSeconds(60));
        await WaitForHealthAsync(follower, first, HealthValues.Healthy);
        return follower;
    }

    private static async Task<Dictionary<string, string>> WaitForHealthAsync(FollowerHarness follower, long serial, string health)
    {
        Dictionary<string, string> status = [];
        await Wait.UntilAsync(
            async () => (status = await follower.StatusAsync()).GetValueOrDefault(StatusFields.HealthSerial) == Number(serial)
                && status.GetValueOrDefault(StatusFields.Health) == health,
            TimeSpan.FromSeconds(150),
            $"health {health} for version {serial}");
        return status;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Apply_StandInHealthy_ReportsHealthyForTheSerial()
    {
        using var temp = new TempDirectory();
        await using var follower = await StartAsync(temp, Health());

        var serial = await follower.Leader.PublishAsync(Files("good v2"));

        var status = await WaitForHealthAsync(follower, serial, HealthValues.Healthy);
        status[StatusFields.HealthPrefix + _web].Should().StartWith("healthy ");
        status[StatusFields.HealthGeneration].Should().Be(status[StatusFields.Generation]);
        long.Parse(status[StatusFields.HealthySince], CultureInfo.InvariantCulture).Should().BePositive();
    }

    [Fact]
    public async Task Apply_DockerHealthCheckFails_ReportsUnhealthyAndWhy()
    {
        using var temp = new TempDirectory();
        await using var follower = await StartAsync(temp, Health());

        var serial = await follower.Leader.PublishAsync(Files("bad v2"));

        var status = await WaitForHealthAsync(follower, serial, HealthValues.Unhealthy);
        status[StatusFields.HealthPrefix + _web].Should().StartWith("unhealthy ").And.Contain("Docker health check");
    }

    [Fact]
    public async Task Apply_HttpProbeFails_ReportsUnhealthy()
    {
        var port = FreePort.Next();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var failing = false;
        var serve = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                try
                {
                    var context = await listener.GetContextAsync();
                    context.Response.StatusCode = Volatile.Read(ref failing) ? 503 : 200;
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
            }
        });
        using var temp = new TempDirectory();
        await using var follower = await StartAsync(temp, Health(url: $"http://127.0.0.1:{port}/health"), dockerHealth: false);
        Volatile.Write(ref failing, true);

        var serial = await follower.Leader.PublishAsync(Files("good v2"));

        var status = await WaitForHealthAsync(follower, serial, HealthValues.Unhealthy);
        status[StatusFields.HealthPrefix + _web].Should().Contain("probe GET answered 503");
        listener.Stop();
        await serve;
    }

    [Fact]
    public async Task Apply_ExecProbeFails_ReportsUnhealthy()
    {
        using var temp = new TempDirectory();
        await using var follower = await StartAsync(temp, Health(command: ["grep", "-q", "v1", "/etc/x/conf"]), dockerHealth: false);

        var serial = await follower.Leader.PublishAsync(Files("good v2"));

        var status = await WaitForHealthAsync(follower, serial, HealthValues.Unhealthy);
        status[StatusFields.HealthPrefix + _web].Should().Contain("probe command exited with 1");
    }

    [Fact]
    public async Task Apply_NothingRestarted_NoHealthWork()
    {
        using var temp = new TempDirectory();
        await using var follower = await StartAsync(temp, Health());
        var before = await follower.StatusAsync();

        var serial = await follower.Leader.PublishAsync(Files("good v1"));

        await follower.WaitForAppliedAsync(serial, TimeSpan.FromSeconds(30));
        var status = await follower.StatusAsync();
        status[StatusFields.HealthSerial].Should().Be(before[StatusFields.HealthSerial], "no component changed, so no watch ran");
        status[StatusFields.HealthPrefix + _web].Should().Be(before[StatusFields.HealthPrefix + _web]);
    }
}
