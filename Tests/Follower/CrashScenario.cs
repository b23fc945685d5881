using System.Text.Json;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// One crash case (<see cref="FollowerCrashTests"/>, <see cref="FollowerCrashCommitTests"/>): a follower at the old
/// version, the new one stored, the real follower killed on entering a system call of the apply, then restarted.
/// </summary>
internal static class CrashScenario
{
    // Large enough that a torn write would show; distinct old/new content for each file.
    private static readonly string Big = new('x', 256 * 1024);

    public static readonly Dictionary<string, string> Old = new()
    {
        ["pryv.yml"] = "old root\n" + Big,
        ["core/conf/core.yml"] = "old core\n" + Big,
        ["nginx/conf/site.conf"] = "old site\n",
        ["mail/conf/removed.yml"] = "old removed\n",
    };

    public static readonly Dictionary<string, string> New = new()
    {
        ["pryv.yml"] = "new root\n" + Big,
        ["core/conf/core.yml"] = "new core\n" + Big,
        ["nginx/conf/site.conf"] = "old site\n",
        ["hfs/conf/added.yml"] = "new added\n",
    };

    // The apply's calls, in order (one thread): pending.json (journal) [pwrite64 1, fsync 1, rename 1, fsync 2 of its
    // folder]; core.yml [pwrite64 2, fsync 3, rename 2, fsync 4]; folders hfs, hfs/conf [fsync 5, 6]; added.yml
    // [pwrite64 3, fsync 7, rename 3, fsync 8]; pryv.yml [pwrite64 4, fsync 9, rename 4, fsync 10]; removed.yml
    // [unlink 1, fsync 11]; restarts.json [pwrite64 5, fsync 12, rename 5, fsync 13]; manifest.json [pwrite64 6, fsync 14,
    // rename 6, fsync 15]; pending.json removed [unlink 2, fsync 16]: the apply is committed. A kill on entering a call means it never ran.
    // Each case: the kill point, the files already new at the kill (removed.yml: already gone), a temporary file left.
    // Only core.yml replaced and removed.yml deleted: pending.json [pwrite64 1, fsync 1, rename 1, fsync 2]; core.yml
    // [pwrite64 2, fsync 3, rename 2, fsync 4]; removed.yml [unlink 1, fsync 5]; restarts.json [pwrite64 3, rename 3];
    // manifest.json [pwrite64 4, fsync 6, rename 4, fsync 7]; pending.json removed [unlink 2, fsync 8].
    public static readonly Dictionary<string, string> Replaced = new()
    {
        ["pryv.yml"] = Old["pryv.yml"],
        ["core/conf/core.yml"] = "new core\n" + Big,
        ["nginx/conf/site.conf"] = "old site\n",
    };

    // Only core.yml replaced (a file the manifest lists), nothing else: no journal. core.yml [pwrite64 1, fsync 1,
    // rename 1, fsync 2]; restarts.json [pwrite64 2, fsync 3, rename 2, fsync 4]; manifest.json [pwrite64 3, fsync 5,
    // rename 3, fsync 6].
    public static readonly Dictionary<string, string> OneFile = new()
    {
        ["pryv.yml"] = Old["pryv.yml"],
        ["core/conf/core.yml"] = "new core\n" + Big,
        ["nginx/conf/site.conf"] = Old["nginx/conf/site.conf"],
        ["mail/conf/removed.yml"] = Old["mail/conf/removed.yml"],
    };

    public static async Task RunAsync(RedisServer redis, string killAt, string[] alreadyNew, bool tempLeft, Dictionary<string, string>? next = null)
    {
        var @new = next ?? New;
        await using var follower = new FollowerHarness(redis);
        follower.Temp.Write("pryv/data/keep.txt", "not the follower's");
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(Old));
        await follower.StopAsync();
        var serial = await follower.Leader.StoreAsync(@new);
        var config = WriteSettings(redis, follower);

        using (var crashing = FollowerProcess.Start(config, killAt))
        {
            await crashing.WaitForExitAsync(TimeSpan.FromSeconds(30));
            crashing.ExitCode.Should().Be(137, "the follower was killed at {0} (output: {1})", killAt, crashing.Output);
        }

        foreach (var path in Old.Keys.Union(@new.Keys).Where(p => Old.GetValueOrDefault(p) != @new.GetValueOrDefault(p)))
        {
            var expected = alreadyNew.Contains(path) ? @new.GetValueOrDefault(path) : Old.GetValueOrDefault(path);
            var full = follower.Path(path);
            (File.Exists(full) ? File.ReadAllText(full) : null).Should().Be(expected, "{0} is whole, {1} at the kill ({2})", path, alreadyNew.Contains(path) ? "new" : "old", killAt);
        }

        TempFiles(follower).Any().Should().Be(tempLeft, "the kill at {0} came {1} a temporary file", killAt, tempLeft ? "while writing" : "outside");
        using (var restarted = FollowerProcess.Start(config))
        {
            // Killed between the manifest and the journal's removal, the root is at the serial already: the restarted
            // follower must still finish the apply (no journal left).
            // It owes nothing more either (restarts.json empty): killed in the middle of writing a state file, it would
            // leave that file's temporary copy (removed at its next start, but seen here).
            await Wait.UntilAsync(
                () => follower.Manifest()?.Serial == serial && !File.Exists(follower.Path(".pryvbus/pending.json")) && OwesNothing(follower),
                TimeSpan.FromSeconds(20),
                "the restarted follower to converge");

            // Checked while it runs: the end of this block kills it (SIGKILL), maybe in the middle of rewriting a queue.
            await Wait.UntilAsync(() => !TempFiles(follower).Any(), TimeSpan.FromSeconds(20), "the restarted follower to remove every temporary file");
        }

        foreach (var (path, content) in @new)
        {
            follower.Read(path).Should().Be(content);
        }

        File.Exists(follower.Path("mail/conf/removed.yml")).Should().Be(@new.ContainsKey("mail/conf/removed.yml"));
        follower.Read("data/keep.txt").Should().Be("not the follower's");
        File.Exists(follower.Path(".pryvbus/pending.json")).Should().BeFalse();
    }

    /// <summary>True when the follower owes no restart nor compose step (its restarts.json lists nothing).</summary>
    public static bool OwesNothing(FollowerHarness follower)
    {
        try
        {
            return File.ReadAllText(follower.Path(".pryvbus/restarts.json")) == "[]";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>A temporary copy of the queues the follower rewrites while it runs (restarts.json, actions.json).</summary>
    public static bool IsStateFileCopy(string path) =>
        Path.GetFileName(path).StartsWith(".restarts.json", StringComparison.Ordinal) || Path.GetFileName(path).StartsWith(".actions.json", StringComparison.Ordinal);

    public static IEnumerable<string> TempFiles(FollowerHarness follower) =>
        Directory.EnumerateFiles(follower.Root, "*.pryvbus-tmp-*", SearchOption.AllDirectories);

    /// <summary>
    /// The follower's settings file; <paramref name="containers"/> false turns its container step off, for a test that
    /// must see only the sync (a compose step owed by an earlier start would otherwise read <c>pryv.yml</c> again).
    /// </summary>
    public static string WriteSettings(RedisServer redis, FollowerHarness follower, bool containers = true)
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
            containers = new { enabled = containers },
        }));
        return path;
    }
}
