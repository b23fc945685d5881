using PryvBus.Shared.Status;
using PryvBus.Follower.Reporting;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>The follower in-process against a real Redis and real files: converge, diff, delete, poll.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class FollowerSyncTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly Dictionary<string, string> V1 = new()
    {
        ["pryv.yml"] = "platform: v1\n",
        ["core/conf/core.yml"] = "core: v1\n",
        ["nginx/conf/site.conf"] = "server v1;\n",
        ["core/conf/secrets.yml"] = "password: s3cret\n",
    };

    [Fact]
    public async Task RunAsync_EmptyRoot_ConvergesWithModesManifestAndStatus()
    {
        await using var follower = new FollowerHarness(redis);
        await follower.StartAsync();

        // No version yet: the follower says so and waits, it does not fail.
        await follower.WaitForStateAsync(FollowerState.Ok);
        var serial = await follower.Leader.PublishAsync(V1, secretFiles: ["core/conf/secrets.yml"]);

        await follower.WaitForAppliedAsync(serial);
        foreach (var (path, content) in V1)
        {
            follower.Read(path).Should().Be(content);
        }

        File.GetUnixFileMode(follower.Path("core/conf/secrets.yml")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(follower.Path("core/conf/core.yml")).Should().Be(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var manifest = follower.Manifest()!;
        manifest.Files.Keys.Should().BeEquivalentTo(V1.Keys);
        manifest.Files["core/conf/secrets.yml"].Secret.Should().BeTrue();
        File.Exists(follower.Path(".pryvbus/pending.json")).Should().BeFalse();

        var status = await follower.StatusAsync();
        status[StatusFields.Role].Should().Be("core");
        status[StatusFields.Wanted].Should().Be(serial.ToString(System.Globalization.CultureInfo.InvariantCulture));
        status[StatusFields.Error].Should().BeEmpty();
        status[StatusFields.Host].Should().Be(Environment.MachineName);
        DateTime.Parse(status[StatusFields.Updated], System.Globalization.CultureInfo.InvariantCulture).Should().BeAfter(DateTime.UnixEpoch);

        // Everything was new: both components, and pryv.yml for the compose step (no longer "restart everything").
        follower.Restarter.Calls.Should().ContainSingle().Which.Components.Should().Be("core,nginx,pryv.yml");
        status[StatusFields.RestartRequested].Should().Be("core,nginx,pryv.yml");
    }

    [Fact]
    public async Task Status_AfterAnApplyInANewGeneration_ReportsTheAppliedGeneration()
    {
        await using var follower = new FollowerHarness(redis);
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(V1));
        (await follower.StatusAsync()).GetValueOrDefault(StatusFields.Generation).Should().Be("1");

        follower.Leader.Restart(generation: 7);
        var v2 = new Dictionary<string, string>(V1) { ["nginx/conf/site.conf"] = "server v2;\n" };
        var serial = await follower.Leader.PublishAsync(v2);
        await Wait.UntilAsync(
            async () => (await follower.StatusAsync()).GetValueOrDefault(StatusFields.Generation) == "7", TimeSpan.FromSeconds(10), "generation 7 reported");

        (await follower.StatusAsync()).GetValueOrDefault(StatusFields.Serial).Should().Be(serial.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Apply_OneFileChanged_RewritesOnlyThatFile()
    {
        await using var follower = new FollowerHarness(redis);
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(V1));
        var untouched = follower.Path("core/conf/core.yml");
        var inodeBefore = Inode(untouched);
        var mtimeBefore = File.GetLastWriteTimeUtc(untouched);
        var changedInodeBefore = Inode(follower.Path("nginx/conf/site.conf"));

        var v2 = new Dictionary<string, string>(V1) { ["nginx/conf/site.conf"] = "server v2;\n" };
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(v2));

        follower.Read("nginx/conf/site.conf").Should().Be("server v2;\n");
        Inode(follower.Path("nginx/conf/site.conf")).Should().NotBe(changedInodeBefore, "a changed file is replaced by a rename");
        Inode(untouched).Should().Be(inodeBefore);
        File.GetLastWriteTimeUtc(untouched).Should().Be(mtimeBefore);

        // Only the component whose files changed is handed to the container step.
        follower.Restarter.Calls[^1].Components.Should().Be("nginx");
    }

    [Fact]
    public async Task Apply_FileRemovedFromVersion_DeletesOnlyFilesTheFollowerWrote()
    {
        await using var follower = new FollowerHarness(redis);
        follower.Temp.Write("pryv/data/core/db.sqlite", "data");
        follower.Temp.Write("pryv/log/core.log", "log");
        follower.Temp.Write("pryv/nginx/conf/local.conf", "operator's own file");
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(V1));

        var v2 = new Dictionary<string, string>(V1);
        v2.Remove("nginx/conf/site.conf");
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(v2));

        File.Exists(follower.Path("nginx/conf/site.conf")).Should().BeFalse();
        follower.Read("data/core/db.sqlite").Should().Be("data");
        follower.Read("log/core.log").Should().Be("log");
        follower.Read("nginx/conf/local.conf").Should().Be("operator's own file");
        follower.Manifest()!.Files.Keys.Should().NotContain("nginx/conf/site.conf");
        follower.Restarter.Calls[^1].Components.Should().Be("nginx");
    }

    [Fact]
    public async Task RunAsync_VersionStoredWithoutEvent_PollingCatchesUp()
    {
        // Pub/sub drops what is published while a follower is disconnected: only the serial key tells.
        await using var follower = new FollowerHarness(redis, pollInterval: TimeSpan.FromMilliseconds(300));
        await follower.StartAsync();
        await follower.WaitForStateAsync(FollowerState.Ok);

        var serial = await follower.Leader.StoreAsync(V1);

        await follower.WaitForAppliedAsync(serial);
        follower.Read("pryv.yml").Should().Be("platform: v1\n");
    }

    [Fact]
    public async Task RunAsync_FiftyQuickVersions_AppliesTheNewestNotEachOne()
    {
        await using var follower = new FollowerHarness(redis);
        var release = new TaskCompletionSource();
        var firstApply = new TaskCompletionSource();
        follower.Restarter.Gate = () =>
        {
            firstApply.TrySetResult();
            return release.Task;
        };
        await follower.StartAsync();
        await follower.WaitForStateAsync(FollowerState.Ok);

        // The first apply is held in the container step while 49 more versions arrive, each with its event.
        long last = await follower.Leader.PublishAsync(Version(1));
        await firstApply.Task.WaitAsync(TimeSpan.FromSeconds(10));
        for (var i = 2; i <= 50; i++)
        {
            last = await follower.Leader.PublishAsync(Version(i));
        }

        release.SetResult();

        await follower.WaitForAppliedAsync(last);
        follower.Read("core/conf/core.yml").Should().Be("core: 50\n");
        follower.Restarter.Calls.Select(c => c.Reason).Should().Equal("version 1", "version 50");
    }

    private static Dictionary<string, string> Version(int n) => new() { ["core/conf/core.yml"] = $"core: {n}\n" };

    /// <summary>.NET does not expose inodes: ask stat(1).</summary>
    private static long Inode(string path)
    {
        using var stat = System.Diagnostics.Process.Start(
            new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!;
        var output = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return long.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
