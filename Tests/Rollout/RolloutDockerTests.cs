using System.Globalization;
using System.Text.Json.Nodes;
using PryvBus.Follower.Settings;
using PryvBus.Leader.Rollout;
using PryvBus.Shared.Status;
using PryvBus.Tests.Containers;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Rollout;

/// <summary>
/// A rollout end to end on the real Docker daemon: the leader's pipeline and driver, three real in-process followers
/// (core-1, core-2, core-3, waves [core-1] then the rest), each with its own stand-in whose Docker health check greps its
/// config file for <c>good</c>. The followers' real health gate and revert decide; the driver reads their status.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Docker)]
[Collection(RolloutDockerCollection.Name)]
public sealed class RolloutDockerTests(RedisServer redis, DockerDaemon docker) : IClassFixture<RedisServer>, IClassFixture<DockerDaemon>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(150); // A deadline for loaded machines, not a timing assertion.
    private static readonly string[] Ids = ["core-1", "core-2", "core-3"];

    /// <summary>A component of the test's own, so that no other test's containers ever count.</summary>
    private readonly string _web = "web" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Rollout_GoodThenUnhealthyVersion_GoesWaveByWaveThenRevertsTheCanaryAndHalts()
    {
        using var temp = new TempDirectory();
        using var s = new RolloutScenario(redis, onFailure: "halt", soakSeconds: 0, filePath: _web + "/conf", configure: Components, clock: TimeProvider.System);
        var followers = new List<InProcessFollower>();
        try
        {
            foreach (var id in Ids)
            {
                followers.Add(await StartAsync(s, temp, id));
            }

            var good = await s.RenderAsync("good v1");
            await StepUntilAsync(s, async () => await s.PhaseAsync() == RolloutPhase.Done, "the good version rolled out to every wave");
            foreach (var id in Ids)
            {
                Read(temp, id).Should().Be("good v1");
                (await StatusAsync(s, id)).Should().Contain(StatusFields.Serial, Text(good)).And.Contain(StatusFields.Health, HealthValues.Healthy);
            }

            var bad = await s.RenderAsync("bad v2");
            await StepUntilAsync(s, async () => await s.PhaseAsync() == RolloutPhase.Halted, "the rollout of the unhealthy version halted");

            // core-1 took it, its stand-in turned unhealthy, the follower put the good files back and said so.
            await Wait.UntilAsync(async () => (await StatusAsync(s, "core-1")).GetValueOrDefault(StatusFields.Health) == HealthValues.Healthy, Timeout, "core-1 healthy again");
            var canary = await StatusAsync(s, "core-1");
            canary[StatusFields.State].Should().Be(FollowerState.Reverted);
            canary[StatusFields.Serial].Should().Be(Text(good));
            canary[StatusFields.Reverted].Should().StartWith(Text(bad) + " ").And.Contain("Docker health check");
            Read(temp, "core-1").Should().Be("good v1");
            (await redis.Db.HashGetAsync(s.Settings.Keys.Rollout("core"), "reason")).ToString().Should().StartWith("core-1 reports reverted");

            // The rest never had it: neither on disk nor in what they report, and the halted driver admits no one more.
            await s.StepAsync();
            foreach (var id in new[] { "core-2", "core-3" })
            {
                Read(temp, id).Should().Be("good v1");
                var status = await StatusAsync(s, id);
                status[StatusFields.Serial].Should().Be(Text(good));
                status[StatusFields.State].Should().BeOneOf(FollowerState.Ok, FollowerState.Waiting);
                (await s.AdmissionOfAsync(id)).Waiting.Should().NotBeNull();
            }
        }
        finally
        {
            foreach (var follower in followers)
            {
                await follower.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Rollout_VersionRefusedByItsCheck_HaltsAtOnceWithTheCanaryReverted()
    {
        using var temp = new TempDirectory();
        using var s = new RolloutScenario(redis, onFailure: "halt", soakSeconds: 0, filePath: _web + "/conf", configure: c => Components(c, check: true), clock: TimeProvider.System);
        await using var canary = await StartAsync(s, temp, "core-1");
        var good = await s.RenderAsync("good v1");
        await StepUntilAsync(s, async () => (await StatusAsync(s, "core-1")).GetValueOrDefault(StatusFields.Serial) == Text(good), "core-1 on the good version");

        var bad = await s.RenderAsync("bad v2");

        // Halted as soon as core-1 reports, long before the follower timeout (600 s).
        await StepUntilAsync(s, async () => await s.PhaseAsync() == RolloutPhase.Halted, "the rollout of the refused version halted");
        var status = await StatusAsync(s, "core-1");
        status[StatusFields.State].Should().Be(FollowerState.Reverted);
        status[StatusFields.Serial].Should().Be(Text(good));
        status[StatusFields.Wanted].Should().Be(Text(bad));
        status[StatusFields.Reverted].Should().StartWith(Text(bad) + " ").And.Contain("check of " + _web);
        Read(temp, "core-1").Should().Be("good v1");
        (await redis.Db.HashGetAsync(s.Settings.Keys.Rollout("core"), "reason")).ToString().Should().StartWith("core-1 reports reverted: version " + Text(bad) + " refused");
    }

    private void Components(JsonObject config) => Components(config, check: false);

    private void Components(JsonObject config, bool check)
    {
        var web = new JsonObject { ["health"] = new JsonObject { ["windowSeconds"] = 10, ["soakSeconds"] = 1 } };
        if (check)
        {
            web["check"] = new JsonObject { ["command"] = new JsonArray("grep", "-q", "good", "/etc/x/conf") };
        }

        config["components"] = new JsonObject { [_web] = web };
    }

    private async Task<InProcessFollower> StartAsync(RolloutScenario s, TempDirectory temp, string id)
    {
        var project = DockerDaemon.NewProject();
        Directory.CreateDirectory(temp.Combine(id, _web));
        await docker.RunAsync(new StandIn(project, _web) { Binds = [$"{temp.Combine(id, _web)}:/etc/x:ro"], HealthCommand = "grep -q good /etc/x/conf" });
        var settings = new FollowerSettings
        {
            Id = id, Role = "core", Key = RolloutScenario.Key + id[^1], KeyPrefix = s.Settings.KeyPrefix,
            Redis = new RedisSettings { Configuration = s.Endpoint },
            ConfigRoot = temp.Combine(id), PollInterval = TimeSpan.FromMilliseconds(200),
            Containers = TestRestarter.Settings(docker, project),
        };
        return await InProcessFollower.StartAsync(settings);
    }

    private string? Read(TempDirectory temp, string id)
    {
        var path = Path.Combine(temp.Combine(id), _web, "conf");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    private async Task<Dictionary<string, string>> StatusAsync(RolloutScenario s, string id) =>
        (await redis.Db.HashGetAllAsync(s.Settings.Keys.Follower(id))).ToDictionary(e => (string)e.Name!, e => (string)e.Value!, StringComparer.Ordinal);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static Task StepUntilAsync(RolloutScenario s, Func<Task<bool>> done, string what) =>
        Wait.UntilAsync(async () => { await s.StepAsync(); return await done(); }, Timeout, what);
}
