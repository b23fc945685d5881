using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>The crash cases of <see cref="FollowerCrashTests"/> from the last file to the commit, and the restarts owed after it.</summary>
// Docker: the restarted follower's container step (on by default) drains its restart queue through the daemon; without
// one the queue stays owed and the scenario never converges.
[Trait(TestCategory.Name, TestCategory.Docker)]
public sealed class FollowerCrashCommitTests(RedisServer redis) : IClassFixture<RedisServer>
{
    // The points and the calls they stand for: CrashScenario.
    public static TheoryData<string, string[], bool> KillPoints() => new()
    {
        { "rename:4", ["core/conf/core.yml", "hfs/conf/added.yml"], true },
        { "unlink:1", ["core/conf/core.yml", "hfs/conf/added.yml", "pryv.yml"], false },
        { "fsync:11", ["core/conf/core.yml", "hfs/conf/added.yml", "pryv.yml", "mail/conf/removed.yml"], false },
        { "pwrite64:6", ["core/conf/core.yml", "hfs/conf/added.yml", "pryv.yml", "mail/conf/removed.yml"], true },
        { "fsync:15", ["core/conf/core.yml", "hfs/conf/added.yml", "pryv.yml", "mail/conf/removed.yml"], false },
        { "fsync:16", ["core/conf/core.yml", "hfs/conf/added.yml", "pryv.yml", "mail/conf/removed.yml"], false },
    };

    [Theory]
    [MemberData(nameof(KillPoints))]
    public Task Apply_KilledAtSystemCall_FilesOldOrNewAndRestartConverges(string killAt, string[] alreadyNew, bool tempLeft) =>
        CrashScenario.RunAsync(redis, killAt, alreadyNew, tempLeft);

    [Fact]
    public async Task Apply_KilledRightAfterTheManifest_StillOwesTheRestarts()
    {
        // The files are committed; the restarts they call for must survive the crash (restarts.json), or the
        // containers would keep running the old config after the follower comes back.
        await using var follower = new FollowerHarness(redis);
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(CrashScenario.Old));
        await follower.StopAsync();
        await follower.Leader.StoreAsync(CrashScenario.New);

        using (var crashing = FollowerProcess.Start(CrashScenario.WriteSettings(redis, follower), "fsync:16"))
        {
            await crashing.WaitForExitAsync(TimeSpan.FromSeconds(30));
            crashing.ExitCode.Should().Be(137, "the follower was killed after the manifest (output: {0})", crashing.Output);
        }

        // pryv.yml changed: the compose step is owed; and the components whose files changed are owed a restart.
        File.ReadAllText(follower.Path(".pryvbus/restarts.json")).Should().Be("[\"pryv.yml\",\"core\",\"hfs\",\"mail\"]");
    }
}
