using System.Text.Json;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// kill -9 during an apply, at many points: the real follower runs under strace, which kills it on entering a given
/// system call of the apply (production has no hook for it). Every file is then old or new, never torn, and a restarted
/// follower completes the apply and cleans its temporary files. Each case also checks that the kill hit where it
/// meant to (which files were already new, whether a temporary file was left), so a change in the apply's sequence of
/// calls fails here instead of silently testing another point (recount with <c>PRYVBUS_TEST_STRACE_LOG</c>).
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

    // The apply's calls, in order (one thread): pending.json (journal) [pwrite64 1, fsync 1, rename 1, fsync 2 of its
    // folder]; core.yml [pwrite64 2, fsync 3, rename 2, fsync 4]; folders hfs, hfs/conf [fsync 5, 6]; added.yml
    // [pwrite64 3, fsync 7, rename 3, fsync 8]; pryv.yml [pwrite64 4, fsync 9, rename 4, fsync 10]; removed.yml
    // [unlink 1, fsync 11]; restarts.json [pwrite64 5, rename 5]; manifest.json [pwrite64 6, fsync 12, rename 6,
    // fsync 13]; pending.json removed [unlink 2, fsync 14]: the apply is committed. A kill on entering a call means it never ran.
    // Each case: the kill point, the files already new at the kill (removed.yml: already gone), a temporary file left.
    public static TheoryData<string, string[], bool> KillPoints() => new()
    {
        { "pwrite64:1", [], true },
        { "fsync:2", [], false },
        { "pwrite64:2", [], true },
        { "fsync:3", [], true },
        { "rename:2", [], true },
        { "fsync:4", ["core/conf/core.yml"], false },
        { "pwrite64:4", ["core/conf/core.yml", "hfs/conf/added.yml"], true },
        { "rename:4", ["core/conf/core.yml", "hfs/conf/added.yml"], true },
        { "unlink:1", ["core/conf/core.yml", "hfs/conf/added.yml", "pryv.yml"], false },
        { "fsync:11", ["core/conf/core.yml", "hfs/conf/added.yml", "pryv.yml", "mail/conf/removed.yml"], false },
        { "pwrite64:6", ["core/conf/core.yml", "hfs/conf/added.yml", "pryv.yml", "mail/conf/removed.yml"], true },
        { "fsync:13", ["core/conf/core.yml", "hfs/conf/added.yml", "pryv.yml", "mail/conf/removed.yml"], false },
        { "fsync:14", ["core/conf/core.yml", "hfs/conf/added.yml", "pryv.yml", "mail/conf/removed.yml"], false },
    };

    [Theory]
    [MemberData(nameof(KillPoints))]
    public async Task Apply_KilledAtSystemCall_FilesOldOrNewAndRestartConverges(string killAt, string[] alreadyNew, bool tempLeft)
    {
        await using var follower = new FollowerHarness(redis);
        follower.Temp.Write("pryv/data/keep.txt", "not the follower's");
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(Old));
        await follower.StopAsync();
        var serial = await follower.Leader.StoreAsync(New);
        var config = WriteSettings(follower);

        using (var crashing = FollowerProcess.Start(config, killAt))
        {
            await crashing.WaitForExitAsync(TimeSpan.FromSeconds(30));
            crashing.ExitCode.Should().Be(137, "the follower was killed at {0} (output: {1})", killAt, crashing.Output);
        }

        foreach (var path in Old.Keys.Union(New.Keys).Where(p => Old.GetValueOrDefault(p) != New.GetValueOrDefault(p)))
        {
            var expected = alreadyNew.Contains(path) ? New.GetValueOrDefault(path) : Old.GetValueOrDefault(path);
            var full = follower.Path(path);
            (File.Exists(full) ? File.ReadAllText(full) : null).Should().Be(expected, "{0} is whole, {1} at the kill ({2})", path, alreadyNew.Contains(path) ? "new" : "old", killAt);
        }

        TempFiles(follower).Any().Should().Be(tempLeft, "the kill at {0} came {1} a temporary file", killAt, tempLeft ? "while writing" : "outside");
        using (var restarted = FollowerProcess.Start(config))
        {
            // Killed between the manifest and the journal's removal, the root is at the serial already: the restarted
            // follower must still finish the apply (no journal left).
            await Wait.UntilAsync(
                () => follower.Manifest()?.Serial == serial && !File.Exists(follower.Path(".pryvbus/pending.json")),
                TimeSpan.FromSeconds(20),
                "the restarted follower to converge");
        }

        foreach (var (path, content) in New)
        {
            follower.Read(path).Should().Be(content);
        }

        File.Exists(follower.Path("mail/conf/removed.yml")).Should().BeFalse();
        follower.Read("data/keep.txt").Should().Be("not the follower's");
        TempFiles(follower).Should().BeEmpty();
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

        using (var crashing = FollowerProcess.Start(WriteSettings(follower), "fsync:14"))
        {
            await crashing.WaitForExitAsync(TimeSpan.FromSeconds(30));
            crashing.ExitCode.Should().Be(137, "the follower was killed after the manifest (output: {0})", crashing.Output);
        }

        // pryv.yml changed: every component is owed a restart.
        File.ReadAllText(follower.Path(".pryvbus/restarts.json")).Should().Be("[\"*\"]");
    }

    private static IEnumerable<string> TempFiles(FollowerHarness follower) =>
        Directory.EnumerateFiles(follower.Root, "*.pryvbus-tmp-*", SearchOption.AllDirectories);

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
