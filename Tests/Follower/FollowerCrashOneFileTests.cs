using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// kill -9 during an apply that replaces one file the manifest already lists, and nothing else (the common change): it
/// writes no journal, as a single rename is atomic and the manifest still names the old version until the commit. Every
/// point leaves the file old or new, and the restarted follower compares the disk with its manifest and finishes the
/// apply. The points (<see cref="CrashScenario.OneFile"/>) also prove that no journal is written: with one, the second
/// fsync would be the journal's folder, before the file.
/// </summary>
// Docker: the restarted follower's container step (on by default) drains its restart queue through the daemon; without
// one the queue stays owed and the scenario never converges.
[Trait(TestCategory.Name, TestCategory.Docker)]
public sealed class FollowerCrashOneFileTests(RedisServer redis) : IClassFixture<RedisServer>
{
    public static TheoryData<string, string[], bool> KillPoints() => new()
    {
        { "pwrite64:1", [], true },
        { "rename:1", [], true },
        { "fsync:2", ["core/conf/core.yml"], false },
        { "pwrite64:2", ["core/conf/core.yml"], true },
        { "rename:3", ["core/conf/core.yml"], true },
        { "fsync:6", ["core/conf/core.yml"], false },
    };

    [Theory]
    [MemberData(nameof(KillPoints))]
    public Task Apply_OneOwnedFileKilledAtSystemCall_FileOldOrNewAndRestartConverges(string killAt, string[] alreadyNew, bool tempLeft) =>
        CrashScenario.RunAsync(redis, killAt, alreadyNew, tempLeft, CrashScenario.OneFile);
}
