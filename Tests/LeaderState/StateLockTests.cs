using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.State;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.LeaderState;

/// <summary>Review M3 and L7: the state folder's locks hold whatever the runtime's file-locking switch says; stale temporary files go.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class StateLockTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task LockAsync_OtherProcessWithFileLockingDisabled_StillWaitsForTheLock()
    {
        // DOTNET_SYSTEM_IO_DISABLEFILELOCKING=1 turns FileShare.None into no lock at all. A `render` started with it must
        // still wait while another process (flock(1) here) holds store.lock, and read store.json only once it is released.
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "core/conf/core.yml", "domain: {{ DOMAIN }}\n");
        var config = tree.Save();
        var state = tree.Load().StateDirectory;
        StateFiles.EnsureFolder(state);
        var generation = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1000;
        await redis.Db.StringSetAsync(new RedisKeys(tree.Prefix).Generation, generation);
        var record = Path.Combine(state, "..", "prepared-store.json");
        File.WriteAllText(record, string.Create(CultureInfo.InvariantCulture,
            $"{{\"format\":1,\"stores\":{{\"{tree.Prefix}\":{{\"generation\":{generation},\"serials\":{{\"core\":41}}}}}}}}"));
        using var holder = Process.Start(new ProcessStartInfo(
            "flock", ["--exclusive", Path.Combine(state, StoreLedger.LockFile), "sh", "-c", $"echo locked; read go; cp '{record}' '{state}/store.json'"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
        })!;
        (await holder.StandardOutput.ReadLineAsync()).Should().Be("locked");

        using var render = ProgramProcess.Start(
            "Leader", "pryvbus-leader", ["render", "--config", config], environment: new Dictionary<string, string> { ["DOTNET_SYSTEM_IO_DISABLEFILELOCKING"] = "1" });
        await Wait.UntilAsync(() => render.HasExited || HasOpen(render.Id, StoreLedger.LockFile), TimeSpan.FromSeconds(30), "render to reach store.lock");
        await holder.StandardInput.WriteLineAsync("go");
        await holder.WaitForExitAsync();
        var exit = await render.WaitForExitAsync(TimeSpan.FromSeconds(60));

        exit.Should().Be(0, render.Stdout + render.Stderr);
        render.Stdout.Should().Contain("core: stored serial 42", "store.json was read after the other process wrote it under the lock");
    }

    [Fact]
    public async Task OpenAsync_TempFilesLeftByAKilledWrite_AreRemovedAndOthersKept()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "core/conf/core.yml", "secret: {{ secret \"SSO\" }}\n");
        var state = tree.Load().StateDirectory;
        StateFiles.EnsureFolder(state);
        var stale = new[] { $".store.json.{Guid.NewGuid():N}.tmp", $".secrets.enc.{Guid.NewGuid():N}.tmp" };
        foreach (var name in stale.Append(".store.json.not-ours.tmp"))
        {
            File.WriteAllText(Path.Combine(state, name), "half written");
        }

        using var logs = new LogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));

        var reports = await new PlatformPipeline(redis.Admin, factory.CreateLogger<PlatformPipeline>(), _ => null).RunAsync(tree.Load(), "after a kill");

        reports.Should().OnlyContain(r => r.Stored);
        Directory.EnumerateFiles(state, ".*").Select(Path.GetFileName).Should().BeEquivalentTo([".store.json.not-ours.tmp"]);
        logs.Ours.Where(e => e.EventId == 2550).Select(e => e.Message).Should().SatisfyRespectively(
            first => first.Should().Contain(stale[1]).And.Contain("secrets.enc"),
            second => second.Should().Contain(stale[0]).And.Contain("store.json"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_SecretsUnreadable_StoreLockReleasedAndTheSecretsFailureReported(bool storeRecordFails)
    {
        // The ledger opens (store.lock) while the secrets' round trip is in flight: a pass whose secrets cannot be read
        // must let go of the lock it took meanwhile, or every later pass, render and restore waits for it; and the
        // ledger's own failure (the generation key at its largest value) must not replace the secrets' one, whose type
        // the callers act on.
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "core/conf/core.yml", "domain: {{ DOMAIN }}\n");
        var settings = tree.Load();
        var keys = new RedisKeys(tree.Prefix);
        await redis.Db.StringSetAsync(keys.PlatformSecrets, "not a hash");
        if (storeRecordFails)
        {
            await redis.Db.StringSetAsync(keys.Generation, PryvBus.Shared.Versions.VersionNumber.Max);
        }

        var pipeline = new PlatformPipeline(redis.Admin, Microsoft.Extensions.Logging.Abstractions.NullLogger<PlatformPipeline>.Instance, _ => null);

        var pass = () => pipeline.RunAsync(settings, "secrets unreadable");

        await pass.Should().ThrowAsync<RedisServerException>();
        using var held = await StateFiles.LockAsync(Path.Combine(settings.StateDirectory, StoreLedger.LockFile), TimeSpan.FromSeconds(2));
        held.Should().NotBeNull();
    }

    private static bool HasOpen(int pid, string fileName)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd")
                .Any(fd => new FileInfo(fd).LinkTarget is { } target && Path.GetFileName(target) == fileName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
