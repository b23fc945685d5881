using System.Text.Json;
using PryvBus.Shared.Status;
using PryvBus.Tests.Containers;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// SIGKILL in the middle of a revert (strace kill points, no hook in production): every file is the bad or the good
/// version, never torn, and the restarted follower finishes the revert. The revert is the one a health verdict records
/// in <c>.pryvbus/reverted.json</c> before the crash.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Docker)]
public sealed class FollowerRevertCrashTests(RedisServer redis, DockerDaemon docker) : IClassFixture<RedisServer>, IClassFixture<DockerDaemon>
{
    private static readonly string Big = new('x', 256 * 1024);

    private static readonly Dictionary<string, string> Good = new()
    {
        ["core/conf/core.yml"] = "good core\n" + Big,
        ["web/conf/site.conf"] = "good web\n" + Big,
    };

    private static readonly Dictionary<string, string> Bad = new()
    {
        ["core/conf/core.yml"] = "bad core\n" + Big,
        ["web/conf/site.conf"] = "bad web\n" + Big,
    };

    // The revert's calls on the sync thread: pending.json [rename 1]; core.yml [rename 2]; site.conf [rename 3];
    // restarts.json [rename 4]; manifest.json [rename 5]; current.json [rename 6]; reverted.json marked done [rename 7].
    [Theory]
    [InlineData("rename:1")]
    [InlineData("rename:2")]
    [InlineData("rename:3")]
    [InlineData("rename:6")]
    [InlineData("rename:7")]
    public async Task Revert_KilledAtSystemCall_FilesWholeAndRevertFinishedOnRestart(string killAt)
    {
        var project = DockerDaemon.NewProject();
        await using var follower = new FollowerHarness(redis, pollInterval: TimeSpan.FromMilliseconds(200), containers: TestRestarter.Settings(docker, project));
        var good = await follower.Leader.StoreAsync(Good);
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(good, TimeSpan.FromSeconds(30));
        var bad = await follower.Leader.PublishAsync(Bad);
        await follower.WaitForAppliedAsync(bad, TimeSpan.FromSeconds(30));
        await follower.StopAsync();
        var manifest = follower.Manifest()!;
        File.WriteAllText(follower.Path(".pryvbus/reverted.json"), JsonSerializer.Serialize(new
        {
            serial = manifest.Serial, generation = manifest.Generation, sha256 = manifest.Sha256, reason = "web unhealthy: test", done = false,
        }));

        using (var crashing = FollowerProcess.Start(WriteSettings(follower, project), killAt))
        {
            await crashing.WaitForExitAsync(TimeSpan.FromSeconds(30));
            crashing.ExitCode.Should().Be(137, "the follower was killed at {0} (output: {1})", killAt, crashing.Output);
        }

        foreach (var path in Good.Keys)
        {
            follower.Read(path).Should().BeOneOf([Good[path], Bad[path]], "{0} is whole at the kill ({1})", path, killAt);
        }

        await follower.StartAsync();

        await follower.WaitForStateAsync(FollowerState.Reverted, TimeSpan.FromSeconds(30));
        foreach (var (path, content) in Good)
        {
            follower.Read(path).Should().Be(content);
        }

        follower.Manifest()!.Serial.Should().Be(good);
        (await follower.StatusAsync())[StatusFields.Reverted].Should().StartWith($"{bad} ");
        File.Exists(follower.Path(".pryvbus/pending.json")).Should().BeFalse();

        // The running follower may be writing what it owes (restarts.json, durably: through a temporary copy) right now;
        // what must not be left is a temporary file of the killed revert.
        await Wait.UntilAsync(() => !CrashScenario.TempFiles(follower).Any(CrashScenario.IsStateFileCopy), TimeSpan.FromSeconds(10), "the follower's write of its state files to end");
        CrashScenario.TempFiles(follower).Should().BeEmpty();
    }

    private string WriteSettings(FollowerHarness follower, string project)
    {
        var path = follower.Temp.Combine("config-follower.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            id = LeaderDouble.FollowerId,
            role = LeaderDouble.Role,
            key = LeaderDouble.FollowerKey,
            keyPrefix = follower.Prefix,
            redis = new { configuration = redis.Endpoint },
            configRoot = follower.Root,
            pollIntervalSeconds = 1,
            containers = new { composeProject = project, endpoint = docker.Endpoint },
        }));
        return path;
    }
}
