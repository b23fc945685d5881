using System.Text.Json;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// kill -9 during an apply, at many points (the follower kills itself at a fault-injection step): every file is
/// then old or new, never torn, and a restarted follower completes the apply and cleans its temporary files.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class FollowerCrashTests(RedisServer redis) : IClassFixture<RedisServer>
{
    // Large enough that a torn write would show; distinct old/new content for each file.
    private static readonly string Big = new('x', 256 * 1024);

    private static readonly Dictionary<string, string> Old = new()
    {
        ["pryv.yml"] = "old root\n" + Big,
        ["core/conf/core.yml"] = "old core\n" + Big,
        ["nginx/conf/site.conf"] = "old site\n",
        ["mail/conf/removed.yml"] = "old removed\n",
    };

    private static readonly Dictionary<string, string> New = new()
    {
        ["pryv.yml"] = "new root\n" + Big,
        ["core/conf/core.yml"] = "new core\n" + Big,
        ["nginx/conf/site.conf"] = "old site\n",
        ["hfs/conf/added.yml"] = "new added\n",
    };

    public static TheoryData<string> CrashPoints() => new()
    {
        "after-journal", "mid-write:1", "mid-write:3", "after-temp-write:2", "after-rename:1", "after-rename:2",
        "after-rename:3", "after-rename:4", "after-delete:1", "before-manifest", "after-manifest",
    };

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task Apply_KilledAtStep_FilesOldOrNewAndRestartConverges(string crashAt)
    {
        await using var follower = new FollowerHarness(redis);
        follower.Temp.Write("pryv/data/keep.txt", "not the follower's");
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(Old));
        await follower.StopAsync();
        var serial = await follower.Leader.StoreAsync(New);
        var config = WriteSettings(follower);

        using (var crashing = FollowerProcess.Start(config, crashAt))
        {
            await crashing.WaitForExitAsync(TimeSpan.FromSeconds(30));
            crashing.ExitCode.Should().Be(137, "the follower killed itself at {0} (output: {1})", crashAt, crashing.Output);
        }

        foreach (var path in Old.Keys.Union(New.Keys))
        {
            var full = follower.Path(path);
            if (File.Exists(full))
            {
                File.ReadAllText(full).Should().BeOneOf(new[] { Old.GetValueOrDefault(path), New.GetValueOrDefault(path) }.OfType<string>());
            }
        }

        using (var restarted = FollowerProcess.Start(config))
        {
            await Wait.UntilAsync(() => follower.Manifest()?.Serial == serial, TimeSpan.FromSeconds(20), "the restarted follower to converge");
        }

        foreach (var (path, content) in New)
        {
            follower.Read(path).Should().Be(content);
        }

        File.Exists(follower.Path("mail/conf/removed.yml")).Should().BeFalse();
        follower.Read("data/keep.txt").Should().Be("not the follower's");
        Directory.EnumerateFiles(follower.Root, "*.pryvbus-tmp-*", SearchOption.AllDirectories).Should().BeEmpty();
        File.Exists(follower.Path(".pryvbus/pending.json")).Should().BeFalse();
    }

    [Fact]
    public async Task Apply_KilledRightAfterTheManifest_StillOwesTheRestarts()
    {
        // The files are committed; the restarts they call for must survive the crash (restarts.json), or the
        // containers would keep running the old config after the follower comes back.
        await using var follower = new FollowerHarness(redis);
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(Old));
        await follower.StopAsync();
        await follower.Leader.StoreAsync(New);

        using (var crashing = FollowerProcess.Start(WriteSettings(follower), "after-manifest"))
        {
            await crashing.WaitForExitAsync(TimeSpan.FromSeconds(30));
            crashing.ExitCode.Should().Be(137, "the follower killed itself (output: {0})", crashing.Output);
        }

        // pryv.yml changed: the compose step is owed; and the components whose files changed are owed a restart.
        File.ReadAllText(follower.Path(".pryvbus/restarts.json")).Should().Be("[\"pryv.yml\",\"core\",\"hfs\",\"mail\"]");
    }

    private string WriteSettings(FollowerHarness follower)
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
        }));
        return path;
    }
}
