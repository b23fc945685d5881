using PryvBus.Shared.Paths;
using PryvBus.Shared.Status;
using PryvBus.Follower.Reporting;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>Versions that must never reach the disk: tampered, wrongly signed, with unsafe paths.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class FollowerRejectionTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly Dictionary<string, string> Good = new() { ["core/conf/core.yml"] = "core: good\n" };

    [Fact]
    public async Task RunAsync_TamperedContent_RejectedAndLastGoodConfigKept()
    {
        await using var follower = new FollowerHarness(redis);
        await follower.StartAsync();
        var good = await follower.Leader.PublishAsync(Good);
        await follower.WaitForAppliedAsync(good);

        // Someone with write access to Redis changes the content after the leader stored it.
        var bad = await follower.Leader.StoreAsync(new Dictionary<string, string> { ["core/conf/core.yml"] = "core: next\n" });
        await redis.Db.HashSetAsync(follower.Leader.Keys.Config(LeaderDouble.Role, bad), "core/conf/core.yml", "core: evil\n");
        await follower.Leader.PublishRawAsync($$"""{"type":"config","role":"core","serial":{{bad}},"sha256":"{{new string('a', 64)}}"}""");

        await follower.WaitForStateAsync(FollowerState.Error);
        (await follower.StatusAsync())[StatusFields.Error].Should().Contain("sha256");
        follower.Read("core/conf/core.yml").Should().Be("core: good\n");
        follower.Manifest()!.Serial.Should().Be(good);
    }

    [Fact]
    public async Task RunAsync_SignedWithAnotherKey_Rejected()
    {
        await using var follower = new FollowerHarness(redis);
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(Good));

        await follower.Leader.PublishAsync(
            new Dictionary<string, string> { ["core/conf/core.yml"] = "core: forged\n" }, key: "another-key-0123456789abcdef");

        await follower.WaitForStateAsync(FollowerState.Error);
        (await follower.StatusAsync())[StatusFields.Error].Should().Contain("signature");
        follower.Read("core/conf/core.yml").Should().Be("core: good\n");
    }

    [Theory]
    [InlineData("/etc/evil.conf")]
    [InlineData("../evil.conf")]
    [InlineData("core/../../evil.conf")]
    [InlineData("core//evil.conf")]
    [InlineData("core\\evil.conf")]
    [InlineData("core/evil\0.conf")]
    [InlineData(".pryvbus/manifest.json")]
    public async Task RunAsync_UnsafePath_RejectedNamingItAndNothingWritten(string path)
    {
        await using var follower = new FollowerHarness(redis);
        await follower.StartAsync();

        await follower.Leader.PublishAsync(new Dictionary<string, string> { ["core/conf/ok.yml"] = "ok\n", [path] = "evil\n" });

        await follower.WaitForStateAsync(FollowerState.Error);
        (await follower.StatusAsync())[StatusFields.Error].Should().Contain("unsafe path").And.Contain(ConfigPath.Printable(path));
        File.Exists(follower.Path("core/conf/ok.yml")).Should().BeFalse("one bad path rejects the whole version");
        File.Exists(follower.Temp.Combine("evil.conf")).Should().BeFalse();
    }

    [Fact]
    public async Task RunAsync_PathThroughSymlinkLeavingRoot_Rejected()
    {
        await using var follower = new FollowerHarness(redis);
        var outside = follower.Temp.Combine("outside");
        Directory.CreateDirectory(outside);
        Directory.CreateDirectory(follower.Root);
        File.CreateSymbolicLink(follower.Path("core"), outside);
        await follower.StartAsync();

        await follower.Leader.PublishAsync(new Dictionary<string, string> { ["core/evil.conf"] = "evil\n" });

        await follower.WaitForStateAsync(FollowerState.Error);
        (await follower.StatusAsync())[StatusFields.Error].Should().Contain("core/evil.conf").And.Contain("symlink");
        Directory.EnumerateFileSystemEntries(outside).Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_PathThroughInRootSymlinkToStateFolder_RejectedAndNothingWrittenThere()
    {
        await using var follower = new FollowerHarness(redis);
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(Good));
        // A link an operator made inside the root, pointing at the follower's own state folder.
        File.CreateSymbolicLink(follower.Path("state"), ".pryvbus");
        var before = StateFolder(follower);

        await follower.Leader.PublishAsync(new Dictionary<string, string>
        {
            ["core/conf/core.yml"] = "core: next\n",
            ["state/manifest.json"] = "{\"serial\": 999}",
        });

        await follower.WaitForStateAsync(FollowerState.Error);
        (await follower.StatusAsync())[StatusFields.Error].Should().Contain("state/manifest.json");
        StateFolder(follower).Should().BeEquivalentTo(before);
        follower.Read("core/conf/core.yml").Should().Be("core: good\n");
    }

    private static Dictionary<string, string> StateFolder(FollowerHarness follower) =>
        Directory.EnumerateFiles(follower.Path(".pryvbus"), "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, File.ReadAllText);

    [Fact]
    public async Task RunAsync_GarbageEvents_IgnoredAndFollowerKeepsWorking()
    {
        await using var follower = new FollowerHarness(redis);
        await follower.StartAsync();
        await follower.WaitForStateAsync(FollowerState.Ok);

        foreach (var garbage in new[]
        {
            "", "{", "[1,2]", "hello", "{\"type\":\"config\"}", "{\"type\":\"config\",\"role\":\"core\",\"serial\":-1,\"sha256\":\"x\"}",
            "{\"type\":\"bogus\"}", "reload", "reload ../x", new string('x', 70_000),
        })
        {
            await follower.Leader.PublishRawAsync(garbage);
        }

        // Only the event drives this follower (no polling), so converging proves the subscription survived.
        var serial = await follower.Leader.PublishAsync(Good);
        await follower.WaitForAppliedAsync(serial);
        follower.Running!.IsCompleted.Should().BeFalse();
    }

    [Fact]
    public async Task RunAsync_ReloadEventForItsRole_RestartsWithoutWritingFiles()
    {
        await using var follower = new FollowerHarness(redis);
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(Good));
        var manifestTime = File.GetLastWriteTimeUtc(follower.Path(".pryvbus/manifest.json"));
        var callsBefore = follower.Restarter.Calls.Count;

        await follower.Leader.PublishRawAsync("reload other-role nginx");
        await follower.Leader.PublishRawAsync("reload core nginx");
        await follower.Leader.PublishRawAsync("{\"type\":\"reload\",\"role\":\"*\"}");

        // Back to back, the second may come before the first's restart starts: then both are one restart of all.
        await Wait.UntilAsync(() => follower.Restarter.Calls is [.., (Components: "all", _)], TimeSpan.FromSeconds(5), "the reloads");
        string.Join(' ', follower.Restarter.Calls.Skip(callsBefore).Select(c => c.Components)).Should().BeOneOf("nginx all", "all");
        File.GetLastWriteTimeUtc(follower.Path(".pryvbus/manifest.json")).Should().Be(manifestTime);
        File.Exists(follower.Path(".pryvbus/manifest.delta")).Should().BeFalse("a commit after the first is appended there");
        await Wait.UntilAsync(
            async () => (await follower.StatusAsync()).GetValueOrDefault(StatusFields.RestartRequested) == "all",
            TimeSpan.FromSeconds(5),
            "the status to show the last restart");
    }
}
