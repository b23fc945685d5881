using System.Text.RegularExpressions;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// The durable queues (<c>restarts.json</c>, <c>actions.json</c>) are written the plain durable way, as every other file
/// of the follower: one write to a temporary file, fsync of it, rename over the file, fsync of the folder. Without the
/// fsyncs a power loss could lose a restart owed for files already committed. Read from the system calls of the real
/// follower (strace).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed partial class FollowerStateFileSyncTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Theory]
    [InlineData("restarts.json")]
    [InlineData("actions.json")]
    public async Task Apply_StateFileReplaced_FileAndFolderFsynced(string name)
    {
        await using var follower = new FollowerHarness(redis);
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(CrashScenario.Old));
        await follower.StopAsync();
        follower.Leader.Components = new Dictionary<string, ComponentSpec>(StringComparer.Ordinal)
        {
            ["core"] = new(new ReloadAction(ReloadKind.Signal, "HUP", [], 10), null),
        };
        var serial = await follower.Leader.StoreAsync(CrashScenario.New);
        var log = follower.Temp.Combine("strace.log");

        // Traced, never killed by strace (at the 65,535th unlink of a thread, strace's largest count: never reached): stopped once the apply is committed (the
        // manifest comes after both files); strace writes each call as it happens.
        using (FollowerProcess.Start(CrashScenario.WriteSettings(redis, follower), "unlink:65535", log))
        {
            await Wait.UntilAsync(() => Task.FromResult(follower.Manifest()?.Serial == serial), TimeSpan.FromSeconds(30), "the new version to be committed");
        }

        var calls = File.ReadAllLines(log).Select(l => Call().Match(l)).Where(m => m.Success)
            .Select(m => (Name: m.Groups["name"].Value, Args: m.Groups["args"].Value)).ToList();
        var folder = follower.Path(".pryvbus");
        var target = Path.Combine(folder, name);
        var rename = calls.FindIndex(c => c.Name == "rename" && c.Args.EndsWith($", \"{target}\"", StringComparison.Ordinal));
        rename.Should().BeGreaterThan(0, "{0} is replaced by a rename", name);
        var temp = Regex.Match(calls[rename].Args, "^\"(?<temp>[^\"]+)\"").Groups["temp"].Value;
        var written = calls.FindLastIndex(rename, c => c.Name == "pwrite64" && c.Args.Contains($"<{temp}>", StringComparison.Ordinal));
        written.Should().BeGreaterThanOrEqualTo(0, "the new content is written to {0} first", temp);
        calls.Skip(written).Take(rename - written).Should().Contain(c => c.Name == "fsync" && c.Args.Contains($"<{temp}>", StringComparison.Ordinal), "the file is fsynced before the rename");
        var next = calls.FindIndex(rename + 1, c => c.Name is "pwrite64" or "rename" or "unlink");
        calls.Skip(rename + 1).Take((next < 0 ? calls.Count : next) - rename - 1).Should().Contain(c => c.Name == "fsync" && c.Args.Contains($"<{folder}>", StringComparison.Ordinal), "the folder is fsynced after the rename");
    }

    // One call per line ("PID name(args) = result", the PID padded to a width), or its first half when another thread interleaved ("… <unfinished ...>").
    [GeneratedRegex(@"^\d+\s+(?<name>[a-z0-9_]+)\((?<args>.*?)(\)\s+=|\s*<unfinished)")]
    private static partial Regex Call();
}
