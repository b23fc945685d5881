using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.State;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.LeaderState;

/// <summary>
/// Review M2: a restore whose Redis write does not happen leaves the state folder as it was (otherwise the next pass would
/// silently rotate the live secrets back to the backup's). This class owns its Redis: one test makes it refuse writes.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class RestoreSafetyTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Restore_RedisRefusesTheWrite_StateFolderUnchangedAndSaysNothingWasWritten()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "core/conf/core.yml", "sso: {{ secret \"SSO\" }}\n");
        using var backups = new TempDirectory();
        var config = tree.Save();
        var file = backups.Combine("pryvbus.backup");
        (await StateCommand.RunAsync("render", "--config", config)).Exit.Should().Be(0);
        (await StateCommand.RunAsync("backup", file, "--config", config)).Exit.Should().Be(0);
        (await StateCommand.RunAsync("secrets", "rotate", "SSO", "--config", config)).Exit.Should().Be(0);
        var sealedFile = Path.Combine(tree.Load().StateDirectory, SecretState.FileName);
        var sealedBefore = File.ReadAllBytes(sealedFile);
        var liveSecret = (string?)await redis.Db.HashGetAsync(new RedisKeys(tree.Prefix).RoleSecrets("core"), "SSO");

        (int Exit, string Output, string Error) restore;
        await redis.Db.ExecuteAsync("CONFIG", "SET", "maxmemory", "1");
        try
        {
            restore = await StateCommand.RunAsync("restore", file, "--force", "--config", config);
        }
        finally
        {
            await redis.Db.ExecuteAsync("CONFIG", "SET", "maxmemory", "0");
        }

        restore.Exit.Should().Be(3);
        restore.Error.Should().Contain("Redis refused the restore").And.Contain("nothing was written to Redis").And.Contain("was not changed").And.NotContain("   at ");
        File.ReadAllBytes(sealedFile).Should().Equal(sealedBefore, "the backup's secrets must not reach the state folder when Redis was not written");
        SecretState.Open(tree.Load(), Environment.GetEnvironmentVariable).Get(SecretScopes.Role("core"), "SSO").Should().Be(liveSecret);
    }

    [Fact]
    public async Task Resolver_OfAPassOpenedBeforeARestore_UsesTheRestoredSecrets()
    {
        // A running leader's pass reconciles secrets, then waits for store.lock while a restore holds it: once it goes on,
        // it must render with the secrets the state folder holds now, not the ones it read before the restore.
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "core/conf/core.yml", "sso: {{ secret \"SSO\" }}\n");
        using var backups = new TempDirectory();
        var config = tree.Save();
        var file = backups.Combine("pryvbus.backup");
        (await StateCommand.RunAsync("render", "--config", config)).Exit.Should().Be(0);
        var backedUp = (string?)await redis.Db.HashGetAsync(new RedisKeys(tree.Prefix).RoleSecrets("core"), "SSO");
        (await StateCommand.RunAsync("backup", file, "--config", config)).Exit.Should().Be(0);
        (await StateCommand.RunAsync("secrets", "rotate", "SSO", "--config", config)).Exit.Should().Be(0);
        var settings = tree.Load();
        var pass = await PassSecrets.OpenAsync(redis.Admin, settings, Environment.GetEnvironmentVariable, NullLogger.Instance);

        var restore = await StateCommand.RunAsync("restore", file, "--force", "--config", config);
        var resolver = await pass.ResolverAsync(settings, "core");

        restore.Exit.Should().Be(0, restore.Output + restore.Error);
        resolver.Get("SSO").Should().Be(backedUp);
    }

    [Theory]
    [InlineData("restore")]
    [InlineData("backup")]
    public async Task Command_WhileAnotherProcessHoldsStoreLock_WaitsForIt(string verb)
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "core/conf/core.yml", "sso: {{ secret \"SSO\" }}\n");
        using var backups = new TempDirectory();
        var config = tree.Save();
        var file = backups.Combine("pryvbus.backup");
        (await StateCommand.RunAsync("render", "--config", config)).Exit.Should().Be(0);
        (await StateCommand.RunAsync("backup", file, "--config", config)).Exit.Should().Be(0);
        var state = tree.Load().StateDirectory;

        // flock(1) plays a leader's pass: it holds store.lock until its input closes.
        using var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(
            "flock", ["--exclusive", Path.Combine(state, StoreLedger.LockFile), "sh", "-c", "echo locked; read go"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
        })!;
        (await holder.StandardOutput.ReadLineAsync()).Should().Be("locked");
        var restore = verb == "restore"
            ? StateCommand.RunAsync("restore", file, "--force", "--config", config)
            : StateCommand.RunAsync("backup", file, "--force", "--config", config);
        await Wait.UntilAsync(() => restore.IsCompleted || LockWaiters(state), TimeSpan.FromSeconds(30), $"{verb} to wait for store.lock");
        var finishedWhileHeld = restore.IsCompleted;
        await holder.StandardInput.WriteLineAsync("go");
        await holder.WaitForExitAsync();
        var done = await restore;

        finishedWhileHeld.Should().BeFalse($"{verb} holds store.lock for its whole run, so it waits for a pass to end");
        done.Exit.Should().Be(0, done.Output + done.Error);
    }

    /// <summary>True once this process has store.lock open (the command's attempt to take it).</summary>
    private static bool LockWaiters(string state) =>
        Directory.EnumerateFileSystemEntries("/proc/self/fd")
            .Any(fd => { try { return new FileInfo(fd).LinkTarget == Path.Combine(state, StoreLedger.LockFile); } catch (IOException) { return false; } });
}
