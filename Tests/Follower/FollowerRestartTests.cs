using System.Globalization;
using System.Text.RegularExpressions;
using PryvBus.Follower.Applying;
using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// The real follower restarted on a root already at the version it applied: its first sync trusts the stamps it
/// recorded and opens none of the role's files (read from its system calls, strace), which makes a restart cost the
/// same whatever the files' size. The stamps come from an earlier start that checked the files once they were old
/// enough (a stamp within the racy window of a write is never recorded).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed partial class FollowerRestartTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Restart_RootAtTheAppliedVersion_OpensNoFileOfTheRole()
    {
        await using var follower = new FollowerHarness(redis);
        var serial = await follower.Leader.StoreAsync(CrashScenario.Old);
        var config = CrashScenario.WriteSettings(redis, follower, containers: false);
        using (FollowerProcess.Start(config))
        {
            await Wait.UntilAsync(() => follower.Manifest()?.Serial == serial, TimeSpan.FromSeconds(30), "the first start to apply the version");
        }

        await Wait.UntilAsync(
            () => CrashScenario.Old.Keys.All(p => FileStamp.Of(follower.Path(p))!.Value.Recordable(DateTimeOffset.UtcNow) is not null),
            TimeSpan.FromSeconds(10),
            "the files' change times to leave the racy window");
        using (FollowerProcess.Start(config))
        {
            await Wait.UntilAsync(
                () => follower.Manifest()?.Files.Values.All(e => e.Stamp is not null) == true,
                TimeSpan.FromSeconds(30),
                "the next start to record the stamps of the files it checked");
        }

        await redis.Db.KeyDeleteAsync(follower.Leader.Keys.Follower(LeaderDouble.FollowerId));
        var log = follower.Temp.Combine("strace.log");

        // Traced, never killed by strace (the 65,535th unlink of a thread is never reached): stopped once it reports.
        using (FollowerProcess.Start(config, "unlink:65535", log))
        {
            await Wait.UntilAsync(
                async () => (await follower.StatusAsync()) is var s
                    && s.GetValueOrDefault(StatusFields.Serial) == serial.ToString(CultureInfo.InvariantCulture)
                    && s.GetValueOrDefault(StatusFields.State) == FollowerState.Ok,
                TimeSpan.FromSeconds(30),
                "the restarted follower to report the version ok");
        }

        var roleFiles = CrashScenario.Old.Keys.Select(follower.Path).ToHashSet(StringComparer.Ordinal);
        var opened = File.ReadAllLines(log).Select(l => Opened().Match(l)).Where(m => m.Success).Select(m => m.Groups["path"].Value).ToList();
        opened.Should().Contain(p => p.StartsWith(follower.Path(".pryvbus"), StringComparison.Ordinal), "the trace saw the first sync read the manifest");
        opened.Where(roleFiles.Contains).Should().BeEmpty("every file's stamp is the one recorded: none is read again");
        follower.Read("pryv.yml").Should().Be(CrashScenario.Old["pryv.yml"]);
    }

    // "PID openat(AT_FDCWD</cwd>, "/path", …" as strace -y writes it.
    [GeneratedRegex("^\\d+\\s+openat\\([^,]+, \"(?<path>[^\"]+)\"")]
    private static partial Regex Opened();
}
