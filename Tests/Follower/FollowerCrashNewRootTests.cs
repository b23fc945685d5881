using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// kill -9 during the first sync on an empty root (a new machine), where the files are written by batch
/// (<c>AtomicFileWriter.WriteAll</c>: every file to its temporary name, each fsynced and renamed, each folder fsynced
/// once): at each point, every file of the version is absent or whole, never torn, and a restarted follower converges to
/// the version and removes every temporary file. The real follower runs under strace, which kills it on entering a given
/// system call (as <see cref="FollowerCrashTests"/>).
/// </summary>
// Docker: the restarted follower's container step (on by default) drains its restart queue through the daemon; without
// one the queue stays owed and the scenario never converges.
[Trait(TestCategory.Name, TestCategory.Docker)]
public sealed class FollowerCrashNewRootTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly string[] None = [];
    private static readonly string[] All = ["core/conf/core.yml", "hfs/conf/added.yml", "nginx/conf/site.conf", "pryv.yml"];

    // The first sync's calls on the apply's thread (CrashScenario.New on an empty root; recount with
    // PRYVBUS_TEST_STRACE_LOG): mkdir 1 the root; pending.json (journal) [mkdir 2 .pryvbus, pwrite64 1, fsync 1,
    // rename 1, fsync 2 of .pryvbus]; the folders [mkdir 3-8: core, core/conf, hfs, hfs/conf, nginx, nginx/conf, none
    // fsynced yet]; the four files written to their temporary names [pwrite64 2-5: core.yml, added.yml, site.conf,
    // pryv.yml], fsynced [fsync 3-6], renamed [rename 2-5]; each folder fsynced once [fsync 7-13: the root, core, hfs,
    // nginx, core/conf, hfs/conf, nginx/conf]; restarts.json [pwrite64 6, fsync 14, rename 6, fsync 15]; manifest.json
    // [pwrite64 7, fsync 16, rename 7, fsync 17]: the version is applied; pending.json removed [unlink 2, fsync 18].
    // A kill on entering a call means it never ran. Each case: the kill point, the files renamed into place before it.
    public static TheoryData<string, string[]> KillPoints() => new()
    {
        { "mkdir:4", None },
        { "pwrite64:2", None },
        { "pwrite64:5", None },
        { "fsync:3", None },
        { "fsync:6", None },
        { "rename:2", None },
        { "rename:3", ["core/conf/core.yml"] },
        { "rename:5", ["core/conf/core.yml", "hfs/conf/added.yml", "nginx/conf/site.conf"] },
        { "fsync:7", All },
        { "fsync:13", All },
        { "pwrite64:6", All },
        { "rename:7", All },
    };

    [Theory]
    [MemberData(nameof(KillPoints))]
    public async Task FirstSync_KilledAtSystemCall_FilesAbsentOrWholeAndRestartConverges(string killAt, string[] alreadyWhole)
    {
        await using var follower = new FollowerHarness(redis);
        var serial = await follower.Leader.StoreAsync(CrashScenario.New);
        var config = CrashScenario.WriteSettings(redis, follower);

        using (var crashing = FollowerProcess.Start(config, killAt))
        {
            await crashing.WaitForExitAsync(TimeSpan.FromSeconds(30));
            crashing.ExitCode.Should().Be(137, "the follower was killed at {0} (output: {1})", killAt, crashing.Output);
        }

        foreach (var (path, content) in CrashScenario.New)
        {
            var full = follower.Path(path);
            if (alreadyWhole.Contains(path))
            {
                File.ReadAllText(full).Should().Be(content, "{0} was renamed into place before the kill at {1}", path, killAt);
            }
            else
            {
                File.Exists(full).Should().BeFalse("{0} is not renamed into place yet at the kill at {1}", path, killAt);
            }
        }

        follower.Manifest().Should().BeNull("the version is claimed only once its files are in place (killed at {0})", killAt);
        using (FollowerProcess.Start(config))
        {
            await Wait.UntilAsync(
                () => follower.Manifest()?.Serial == serial && !File.Exists(follower.Path(".pryvbus/pending.json")) && CrashScenario.OwesNothing(follower),
                TimeSpan.FromSeconds(20),
                "the restarted follower to converge");
            await Wait.UntilAsync(() => !CrashScenario.TempFiles(follower).Any(), TimeSpan.FromSeconds(20), "the restarted follower to remove every temporary file");
        }

        foreach (var (path, content) in CrashScenario.New)
        {
            follower.Read(path).Should().Be(content);
        }
    }
}
