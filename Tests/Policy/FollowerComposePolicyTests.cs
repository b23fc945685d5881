using PryvBus.Follower.Reporting;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Follower;

namespace PryvBus.Tests.Policy;

/// <summary>
/// The compose policy in a running follower: a version whose pryv.yml asks for a privileged service lands no file, the
/// status says error naming the file, the service, the rule and the setting, event 108 is logged; the next acceptable
/// version lands. The same on a first start (nothing applied yet).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class FollowerComposePolicyTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int PolicyRefusedEvent = 108;
    private const int PolicyOffEvent = 2204;

    private static Dictionary<string, string> Version(string core, string serviceLines, string volume = "./core/conf/:/app/conf/:ro") => new()
    {
        ["core/conf/core.yml"] = core,
        ["pryv.yml"] = $"services:\n  core:\n    image: busybox\n    network_mode: host\n    volumes: [\"{volume}\"]\n" + serviceLines,
    };

    [Fact]
    public async Task Sync_PrivilegedService_RefusedLastGoodFilesKeptThenNextAcceptableApplied()
    {
        await using var follower = new FollowerHarness(redis);
        await follower.StartAsync();
        var good = Version("core: good\n", string.Empty);
        var goodSerial = await follower.Leader.PublishAsync(good);
        await follower.WaitForAppliedAsync(goodSerial);

        var refused = await follower.Leader.PublishAsync(Version("core: evil\n", "    privileged: true\n"));

        await follower.WaitForStateAsync(FollowerState.Error);
        var error = (await follower.StatusAsync())[StatusFields.Error];
        error.Should().Contain($"version {refused} refused").And.Contain("pryv.yml: service core: privileged: true")
            .And.Contain("composePolicy.allowPrivileged").And.NotContain("\n");
        follower.Read("core/conf/core.yml").Should().Be("core: good\n");
        follower.Read("pryv.yml").Should().Be(good["pryv.yml"]);
        follower.Manifest()!.Serial.Should().Be(goodSerial);
        follower.Logs.Ours.Should().ContainSingle(e => e.EventId == PolicyRefusedEvent).Which.Message.Should().Contain("privileged: true");

        var next = await follower.Leader.PublishAsync(Version("core: next\n", "    cap_drop: [ALL]\n"));

        await follower.WaitForAppliedAsync(next);
        follower.Read("core/conf/core.yml").Should().Be("core: next\n");
        follower.Read("pryv.yml").Should().Contain("cap_drop");
    }

    [Fact]
    public async Task Start_FirstVersionMountsTheDockerSocket_RefusedNothingWritten()
    {
        await using var follower = new FollowerHarness(redis);
        await follower.Leader.StoreAsync(Version("core: first\n", string.Empty, "/var/run/docker.sock:/var/run/docker.sock"));

        await follower.StartAsync();

        await follower.WaitForStateAsync(FollowerState.Error);
        (await follower.StatusAsync())[StatusFields.Error].Should().Contain("service core: bind mount of /var/run/docker.sock");
        File.Exists(follower.Path("pryv.yml")).Should().BeFalse();
        File.Exists(follower.Path("core/conf/core.yml")).Should().BeFalse();

        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(Version("core: second\n", string.Empty)));
        follower.Read("core/conf/core.yml").Should().Be("core: second\n");
    }

    [Fact]
    public async Task Sync_PolicyOff_PrivilegedAppliedAndWarnedAtStart()
    {
        await using var follower = new FollowerHarness(redis, composePolicy: new ComposePolicySettings { Enabled = false });
        await follower.StartAsync();

        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(Version("core: any\n", "    privileged: true\n")));

        follower.Logs.Ours.Should().ContainSingle(e => e.EventId == PolicyOffEvent);
        follower.Read("pryv.yml").Should().Contain("privileged: true");
    }
}
