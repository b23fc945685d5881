using System.Collections.Concurrent;
using System.Security.Cryptography;
using PryvBus.Leader.Commands;
using PryvBus.Leader.State;
using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Follower;
using PryvBus.Tests.Leader;

namespace PryvBus.Tests.LeaderState;

/// <summary>Issue 11 item 14: <c>backup</c> and <c>restore</c>, end to end with a real follower.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class BackupRestoreTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output + error.ToString());
    }

    private LeaderTree Tree() => new LeaderTree(redis.Endpoint)
        .Template("core", "core/conf/core.yml", "domain: {{ DOMAIN }}\nkey: {{ secret \"SSO\" }}\n")
        .Template("core", "nginx/conf/site.conf", "server_name {{ DOMAIN }};\n")
        .Follower(LeaderDouble.FollowerId, LeaderDouble.Role, LeaderDouble.FollowerKey);

    [Fact]
    public async Task Restore_AfterRedisLost_FollowerConvergesWithTheSameSecretAndNoOlderVersion()
    {
        using var tree = Tree();
        using var backups = new TempDirectory();
        var config = tree.Save();
        var file = backups.Combine("pryvbus.backup");
        await RunAsync("render", "--config", config);
        await using var follower = new FollowerHarness(redis, pollInterval: TimeSpan.FromMilliseconds(100), prefix: tree.Prefix);
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(1);
        var oldSha = (await follower.StatusAsync())[StatusFields.Sha256];
        var backup = await RunAsync("backup", file, "--config", config);
        tree.Value("DOMAIN", "second.test").Save();
        await RunAsync("render", "--config", config);
        await follower.WaitForAppliedAsync(2);
        var secretBefore = (string?)await redis.Db.HashGetAsync(follower.Leader.Keys.RoleSecrets("core"), "SSO");
        var fileBefore = follower.Read("core/conf/core.yml");
        var seen = new ConcurrentQueue<(string Serial, string Sha)>();
        using var watching = new CancellationTokenSource();
        var watcher = WatchAppliedAsync(follower, seen, watching.Token);

        await StoreLoss.FlushAllAsync(redis);
        await Wait.UntilAsync(async () => (await follower.StatusAsync()).Count > 0, TimeSpan.FromSeconds(10), "the follower to report again");
        var restore = await RunAsync("restore", file, "--config", config);
        var render = await RunAsync("render", "--config", config);
        var stored = long.Parse(System.Text.RegularExpressions.Regex.Match(render.Output, @"core: stored serial (\d+)").Groups[1].Value);
        await follower.WaitForAppliedAsync(stored);
        await watching.CancelAsync();
        await watcher;

        backup.Exit.Should().Be(0, backup.Output);
        restore.Should().Be((0, restore.Output));
        stored.Should().BeGreaterThan(2, "the follower holds serial 2");
        ((string?)await redis.Db.HashGetAsync(follower.Leader.Keys.RoleSecrets("core"), "SSO")).Should().Be(secretBefore);
        follower.Read("core/conf/core.yml").Should().Be(fileBefore, "same domain, same secret: the rendered file is byte-identical");
        seen.Select(s => long.Parse(s.Serial)).Should().BeInAscendingOrder("a follower never takes an older serial");
        seen.Should().NotContain(s => s.Sha == oldSha, "the backup's older version is never applied again");
    }

    [Fact]
    public async Task Restore_RedisAndStateFolderLost_BringsTheSecretsBackIntoBoth()
    {
        using var tree = Tree();
        using var backups = new TempDirectory();
        var config = tree.Save();
        var file = backups.Combine("pryvbus.backup");
        await RunAsync("render", "--config", config);
        var keys = new LeaderHarness(redis, tree).Keys;
        var secret = (string?)await redis.Db.HashGetAsync(keys.RoleSecrets("core"), "SSO");
        var before = await new LeaderHarness(redis, tree).FileAsync("core", "core/conf/core.yml");
        await RunAsync("backup", file, "--config", config);

        // The state key is kept apart from the state folder (as the docs say), so it survives.
        await StoreLoss.FlushAllAsync(redis);
        Directory.Delete(tree.Load().StateDirectory, recursive: true);
        var restore = await RunAsync("restore", file, "--config", config);
        await RunAsync("render", "--config", config);

        restore.Should().Be((0, restore.Output));
        SecretState.Open(tree.Load(), _ => null).Get(SecretScopes.Role("core"), "SSO").Should().Be(secret);
        ((string?)await redis.Db.HashGetAsync(keys.RoleSecrets("core"), "SSO")).Should().Be(secret);
        (await new LeaderHarness(redis, tree).FileAsync("core", "core/conf/core.yml")).Should().Be(before);
    }

    [Fact]
    public async Task Restore_NonEmptyStore_RefusedUnlessForced()
    {
        using var tree = Tree();
        using var backups = new TempDirectory();
        var config = tree.Save();
        var file = backups.Combine("pryvbus.backup");
        await RunAsync("render", "--config", config);
        await RunAsync("backup", file, "--config", config);
        tree.Value("DOMAIN", "second.test").Save();
        await RunAsync("render", "--config", config);

        var refused = await RunAsync("restore", file, "--config", config);
        var serialAfterRefusal = (long)await redis.Db.StringGetAsync(new LeaderHarness(redis, tree).Keys.Serial("core"));
        var forced = await RunAsync("restore", file, "--force", "--config", config);

        refused.Exit.Should().Be(1);
        refused.Output.Should().Contain("nothing restored").And.Contain("--force");
        serialAfterRefusal.Should().Be(2);
        forced.Should().Be((0, forced.Output));
        (await new LeaderHarness(redis, tree).CurrentAsync("core"))!.Serial.Should().Be(1);
        (await new LeaderHarness(redis, tree).FileAsync("core", "nginx/conf/site.conf")).Should().Be("server_name pryv.test;\n");
    }

    [Fact]
    public async Task Backup_File_IsPrivateAndHoldsNoSecretInClear()
    {
        using var tree = Tree();
        using var backups = new TempDirectory();
        var config = tree.Save();
        var file = backups.Combine("pryvbus.backup");
        await RunAsync("render", "--config", config);
        var secret = (string?)await redis.Db.HashGetAsync(new LeaderHarness(redis, tree).Keys.RoleSecrets("core"), "SSO");

        var backup = await RunAsync("backup", file, "--config", config);
        var again = await RunAsync("backup", file, "--config", config);

        backup.Exit.Should().Be(0, backup.Output);
        File.GetUnixFileMode(file).Should().Be(StateFiles.PrivateFile);
        File.ReadAllBytes(file).AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(secret!)).Should().Be(-1);
        File.ReadAllBytes(file).AsSpan().IndexOf("pryv.test"u8).Should().Be(-1, "the versions are sealed too");
        again.Exit.Should().Be(4);
        again.Output.Should().Contain($"{file} already exists");
    }

    [Fact]
    public void Read_AnotherKey_SaysSoAndNamesTheFile()
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("pryvbus.backup");
        var content = new BackupContent { Prefix = "p" };
        BackupFile.Write(file, content, SealingKey.Derive(RandomNumberGenerator.GetBytes(32), "backup v1", "test"), overwrite: false);

        var read = () => BackupFile.Read(file, SealingKey.Derive(RandomNumberGenerator.GetBytes(32), "backup v1", StateKey.BackupKeyVariable));

        read.Should().Throw<StateException>().WithMessage($"{file}: encrypted with another key*{StateKey.BackupKeyVariable}*");
    }

    /// <summary>Records every (serial, sha256) the follower reports as applied, in order.</summary>
    private static async Task WatchAppliedAsync(FollowerHarness follower, ConcurrentQueue<(string Serial, string Sha)> seen, CancellationToken ct)
    {
        string? last = null;
        while (!ct.IsCancellationRequested)
        {
            var status = await follower.StatusAsync();
            if (status.GetValueOrDefault(StatusFields.Serial) is { Length: > 0 } serial && status.GetValueOrDefault(StatusFields.Sha256) is { } sha
                && serial + sha != last)
            {
                seen.Enqueue((serial, sha));
                last = serial + sha;
            }

            // A sampler, not a wait for a condition: it must see every applied version in order, so it reads often.
            await Task.Delay(5, CancellationToken.None);
        }
    }
}
