using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// kill -9 during an apply, at many points: the real follower runs under strace, which kills it on entering a given
/// system call of the apply (production has no hook for it). Every file is then old or new, never torn, and a restarted
/// follower completes the apply and cleans its temporary files. Each case also checks that the kill hit where it
/// meant to (which files were already new, whether a temporary file was left), so a change in the apply's sequence of
/// calls fails here instead of silently testing another point (recount with <c>PRYVBUS_TEST_STRACE_LOG</c>).
/// The journal and the first files here; the delete and the commit in <see cref="FollowerCrashCommitTests"/> (two classes
/// run in parallel).
/// </summary>
// Docker: the restarted follower's container step (on by default) drains its restart queue through the daemon; without
// one the queue stays owed and the scenario never converges.
[Trait(TestCategory.Name, TestCategory.Docker)]
public sealed class FollowerCrashTests(RedisServer redis) : IClassFixture<RedisServer>
{
    // The points and the calls they stand for: CrashScenario.
    public static TheoryData<string, string[], bool> KillPoints() => new()
    {
        { "pwrite64:1", [], true },
        { "fsync:2", [], false },
        { "pwrite64:2", [], true },
        { "fsync:3", [], true },
        { "rename:2", [], true },
        { "fsync:4", ["core/conf/core.yml"], false },
        { "pwrite64:4", ["core/conf/core.yml", "hfs/conf/added.yml"], true },
    };

    [Theory]
    [MemberData(nameof(KillPoints))]
    public Task Apply_KilledAtSystemCall_FilesOldOrNewAndRestartConverges(string killAt, string[] alreadyNew, bool tempLeft) =>
        CrashScenario.RunAsync(redis, killAt, alreadyNew, tempLeft);

    // An apply that only replaces and deletes files the manifest lists: the points of CrashScenario.Replaced. The
    // restarted follower's first apply sweeps every folder for the temporary file left.
    public static TheoryData<string, string[], bool> KillPointsReplaced() => new()
    {
        { "fsync:3", [], true },
        { "fsync:4", ["core/conf/core.yml"], false },
        { "fsync:5", ["core/conf/core.yml", "mail/conf/removed.yml"], false },
        { "fsync:6", ["core/conf/core.yml", "mail/conf/removed.yml"], true },
    };

    [Theory]
    [MemberData(nameof(KillPointsReplaced))]
    public Task Apply_NoNewFileKilledAtSystemCall_FilesOldOrNewAndRestartCleansAndConverges(string killAt, string[] alreadyNew, bool tempLeft) =>
        CrashScenario.RunAsync(redis, killAt, alreadyNew, tempLeft, CrashScenario.Replaced);
}
