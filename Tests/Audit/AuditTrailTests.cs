using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Commands;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Audit;

/// <summary>The audit stream against a real Redis: what the CLI records, concurrent writers, retention, tampering, outages.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class AuditTrailTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private LeaderTree Tree() => new LeaderTree(redis.Endpoint)
        .Template("core", "core.yml", "domain: {{ DOMAIN }}\nkey: {{ secret \"SSO\" }}\n");

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private async Task<AuditRecord[]> EntriesAsync(LeaderTree tree) =>
        [.. (await new AuditStream(redis.Db, new PryvBus.Shared.RedisKeys(tree.Prefix)).ReadAllAsync()).Select(e => e.Record!)];

    [Fact]
    public async Task Commands_EachChange_RecordedWithActorAndVerified()
    {
        using var tree = Tree();
        var config = tree.Save();
        var settings = tree.Load();

        (await RunAsync("render", "--config", config, "--reason", "first")).Exit.Should().Be(0);
        (await RunAsync("rollback", "core", "1", "--config", config)).Exit.Should().Be(0);
        (await RunAsync("unpin", "core", "--config", config)).Exit.Should().Be(0);
        (await RunAsync("reload", "core", "nginx", "--config", config)).Exit.Should().Be(0);
        (await RunAsync("secrets", "rotate", "SSO", "--config", config)).Exit.Should().Be(0);
        var audit = CliAudit.For(settings, redis.Admin);
        using (var output = new StringWriter())
        {
            (await UsersCommand.RunAsync(settings, audit, new CommandArgs(["users", "add", "ann"]).With("--role", ["editor"]), output, new StringReader("a long password 1\n"))).Should().Be(0);
            (await TokensCommand.RunAsync(settings, audit, new CommandArgs(["tokens", "create", "ann"]), output)).Should().Be(0);
        }

        var entries = await EntriesAsync(tree);

        entries.Select(e => e.Action).Should().Equal("render", "rollback", "unpin", "reload", "secret.rotate", "users.add", "tokens.create");
        entries.Should().OnlyContain(e => e.Source == "cli" && e.ActorRole == "admin" && e.Actor.StartsWith("cli:", StringComparison.Ordinal));
        entries[0].Reason.Should().Be("first");
        entries[0].Detail.Should().Be("core: stored 1");
        entries[3].Detail.Should().Be("nginx");
        entries[4].Detail.Should().StartWith("SSO in ").And.EndWith(":secrets:role:core");
        var secret = (string?)await redis.Db.HashGetAsync(new PryvBus.Shared.RedisKeys(tree.Prefix).RoleSecrets("core"), "SSO");
        entries.Should().OnlyContain(e => e.Detail == null || !e.Detail.Contains(secret!, StringComparison.Ordinal));
        (await RunAsync("audit", "verify", "--config", config)).Should().Be((0, $"chain intact: {entries.Length} entries\n", string.Empty));
    }

    [Fact]
    public async Task Audit_Filters_SelectByActionRoleAndTime()
    {
        using var tree = Tree();
        var config = tree.Save();
        await RunAsync("render", "--config", config);
        await RunAsync("reload", "core", "--config", config);

        var reloads = await RunAsync("audit", "--action", "reload", "--json", "--config", config);
        var future = await RunAsync("audit", "--since", "2999-01-01T00:00:00Z", "--json", "--config", config);
        var byRole = await RunAsync("audit", "--role", "core", "--since", "1h", "--json", "--config", config);

        JsonDocument.Parse(reloads.Output).RootElement.EnumerateArray().Select(e => e.GetProperty("action").GetString()).Should().Equal("reload");
        JsonDocument.Parse(future.Output).RootElement.GetArrayLength().Should().Be(0);
        JsonDocument.Parse(byRole.Output).RootElement.EnumerateArray().Select(e => e.GetProperty("action").GetString()).Should().Equal("reload");
        (await RunAsync("audit", "--since", "yesterday", "--config", config)).Exit.Should().Be(2);
    }

    [Fact]
    public async Task Verify_EntryEditedInRedis_ExitOneNamingIt()
    {
        using var tree = Tree();
        var config = tree.Save();
        await RunAsync("render", "--config", config);
        await RunAsync("reload", "core", "--config", config);
        await RunAsync("reload", "core", "--config", config);
        var keys = new PryvBus.Shared.RedisKeys(tree.Prefix);
        var second = (await redis.Db.StreamRangeAsync(keys.Audit))[1];

        // Someone with Redis write access replaces the second entry with a copy naming another actor (same place, same head).
        var forged = second.Values.Select(v => v.Name == "actor" ? new NameValueEntry("actor", "someone-else") : v).ToArray();
        await redis.Db.StreamDeleteAsync(keys.Audit, [second.Id]);
        var forgedId = await redis.Db.StreamAddAsync(keys.Audit, forged);
        var (exit, output, _) = await RunAsync("audit", "verify", "--config", config);

        exit.Should().Be(1);
        output.Should().Contain("chain BROKEN at entry").And.Contain("after 1 good entries");
        forgedId.ToString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Verify_LastEntryCutAndHeadSetBack_ExitOneNamingTheWitness()
    {
        using var tree = Tree();
        var config = tree.Save();
        await RunAsync("render", "--config", config);
        await RunAsync("reload", "core", "--config", config);
        await RunAsync("reload", "core", "--config", config);
        var keys = new PryvBus.Shared.RedisKeys(tree.Prefix);
        var entries = await redis.Db.StreamRangeAsync(keys.Audit);
        var second = AuditRecord.FromEntry(entries[1])!;

        // Someone with Redis write access removes the last entry and sets the head back: the chain alone still holds.
        await redis.Db.StreamDeleteAsync(keys.Audit, [entries[2].Id]);
        await redis.Db.StringSetAsync(keys.AuditHead, AuditChain.Position(second.Seq, second.Hash));
        var (exit, output, _) = await RunAsync("audit", "verify", "--config", config);

        exit.Should().Be(1);
        output.Should().Contain("the stream ends at seq 2 but the leader's machine appended up to seq 3").And.Contain("removed from the end");
    }

    [Fact]
    public async Task Restore_BackupOlderThanTheLastEntries_ChainIntactAndTheLossRecorded()
    {
        using var tree = Tree();
        var config = tree.Save();
        var settings = tree.Load();
        await RunAsync("render", "--config", config);
        var backup = Path.Combine(settings.StateDirectory, "..", "older.pbk");
        (await RunAsync("backup", backup, "--config", config)).Exit.Should().Be(0);
        await RunAsync("reload", "core", "--config", config);
        await RunAsync("reload", "core", "--config", config);
        foreach (var key in await StoreRestore.ExistingKeysAsync(redis.Admin, settings.Keys))
        {
            await redis.Db.KeyDeleteAsync(key);
        }

        await redis.Db.KeyDeleteAsync([settings.Keys.Audit, settings.Keys.AuditHead, settings.Keys.AuditAnchor]);
        (await RunAsync("restore", backup, "--config", config)).Exit.Should().Be(0);

        (await RunAsync("audit", "verify", "--config", config)).Should().Be((0, "chain intact: 2 entries\n", string.Empty), "the render before the backup, then the restore");
        (await EntriesAsync(tree))[^1].Detail.Should().Contain("audit entries 2 to 3 were not in the backup: lost with Redis");
    }

    [Fact]
    public async Task Append_TwoWritersAndTwoProcessesAtOnce_ChainIntact()
    {
        using var tree = Tree();
        var config = tree.Save();
        await RunAsync("render", "--config", config);
        var settings = tree.Load();
        await using var other = await ConnectionMultiplexer.ConnectAsync(redis.Options());
        var writers = new[] { redis.Admin, other }.Select(mux => Task.Run(async () =>
        {
            var trail = new RedisAuditTrail(mux, () => settings, NullLogger.Instance);
            for (var i = 0; i < 40; i++)
            {
                await trail.RecordAsync(new AuditEntry("test.append", Actor.Cli(), Detail: i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        })).ToList();
        var processes = Enumerable.Range(0, 2).Select(_ => ProgramProcess.Start("Leader", "pryvbus-leader", ["reload", "core", "--config", config])).ToList();

        await Task.WhenAll(writers);
        foreach (var process in processes)
        {
            (await process.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(0, process.Stderr);
            process.Dispose();
        }

        var entries = await EntriesAsync(tree);
        entries.Should().HaveCount(1 + 80 + 2);
        entries.Select(e => e.Seq).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        (await RunAsync("audit", "verify", "--config", config)).Output.Should().Be("chain intact: 83 entries\n");
    }

    [Fact]
    public async Task Retention_MaxEntries_TrimsOldestAndStillVerifies()
    {
        using var tree = Tree();
        tree.Config["audit"] = new JsonObject { ["maxEntries"] = 10 };
        var config = tree.Save();
        await RunAsync("render", "--config", config);
        var settings = tree.Load();
        var trail = new RedisAuditTrail(redis.Admin, () => settings, NullLogger.Instance);
        for (var i = 0; i < 25; i++)
        {
            await trail.RecordAsync(new AuditEntry("test.retention", Actor.Cli()));
        }

        var entries = await EntriesAsync(tree);

        entries.Should().HaveCount(10);
        entries[0].Seq.Should().Be(17);
        (await redis.Db.StringGetAsync(new PryvBus.Shared.RedisKeys(tree.Prefix).AuditAnchor)).ToString().Should().StartWith("16 ");
        (await RunAsync("audit", "verify", "--config", config)).Should().Be((0, "chain intact: 10 entries\n", string.Empty));
    }

    [Fact]
    public async Task Record_RedisUnreachable_KeptInThePendingFileAndFlushedByTheNextRecord()
    {
        using var tree = Tree();
        var config = tree.Save();
        await RunAsync("render", "--config", config);
        var settings = tree.Load();
        var failures = 0;
        var deadOptions = ConfigurationOptions.Parse($"127.0.0.1:{FreePort.Next()},abortConnect=false,connectTimeout=200,syncTimeout=300,asyncTimeout=300");
        await using (var dead = await ConnectionMultiplexer.ConnectAsync(deadOptions))
        {
            await new RedisAuditTrail(dead, () => settings, NullLogger.Instance, () => failures++).RecordAsync(new AuditEntry("while.down", Actor.Cli(), "outage"));
        }

        var pending = Path.Combine(settings.StateDirectory, AuditPending.FileName);
        failures.Should().Be(1);
        File.Exists(pending).Should().BeTrue();
        File.GetUnixFileMode(pending).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        await new RedisAuditTrail(redis.Admin, () => settings, NullLogger.Instance).RecordAsync(new AuditEntry("after", Actor.Cli()));

        File.Exists(pending).Should().BeFalse();
        (await EntriesAsync(tree)).Select(e => e.Action).Should().Equal("render", "while.down", "after");
        (await RunAsync("audit", "verify", "--config", config)).Exit.Should().Be(0);
    }

    [Fact]
    public async Task Audit_ControlAndFormatCharactersInAnEntry_PrintedEscaped()
    {
        using var tree = Tree();
        var config = tree.Save();
        var settings = tree.Load();
        await new RedisAuditTrail(redis.Admin, () => settings, NullLogger.Instance).RecordAsync(new AuditEntry("test.escape", Actor.Cli(), "\u001b]0;owned\u0007\u202e", Detail: "\u001b[31mred\nnext"));

        var (exit, output, _) = await RunAsync("audit", "--config", config);

        exit.Should().Be(0);
        // The log's escapes (LogText.Escape): a bidirectional override turned the rest of the line around as well.
        output.Should().NotContain("\u001b").And.NotContain("\u202e").And.Contain("\\x1B]0;owned\\x07\\u202E").And.Contain("\\x1B[31mred\\nnext");
    }

    [Fact]
    public async Task Verify_MoreThanOnePage_EveryEntryReadOnce()
    {
        using var tree = Tree();
        var config = tree.Save();
        await RunAsync("render", "--config", config);
        var settings = tree.Load();
        var chain = new AuditChain(StateKey.Resolve(settings.StateDirectory, _ => null, mayGenerate: false).Audit);
        var draft = new RedisAuditTrail(redis.Admin, () => settings, NullLogger.Instance).Draft(new AuditEntry("test.page", Actor.Cli()));
        for (var i = 0; i < 2100; i++)
        {
            await RedisAuditTrail.AppendAsync(redis.Db, settings.Keys, chain, draft);
        }

        (await RunAsync("audit", "verify", "--config", config)).Output.Should().Be("chain intact: 2101 entries\n");
        (await EntriesAsync(tree)).Select(e => e.Seq).Should().Equal(Enumerable.Range(1, 2101).Select(n => (long)n));
    }

    [Fact]
    public async Task BackupRestore_AuditAndUsers_RoundTrip()
    {
        using var tree = Tree();
        var config = tree.Save();
        var settings = tree.Load();
        await RunAsync("render", "--config", config);
        await OperatorFixtures.AddAsync(settings.UsersFile, ("ann", OperatorRole.Editor));
        await RunAsync("reload", "core", "--config", config);
        var before = await EntriesAsync(tree);
        var usersBefore = File.ReadAllText(settings.UsersFile);
        var backup = Path.Combine(settings.StateDirectory, "..", "backup.pbk");
        (await RunAsync("backup", backup, "--config", config)).Exit.Should().Be(0);

        // Redis loses everything under the prefix, the users file is gone.
        foreach (var key in await StoreRestore.ExistingKeysAsync(redis.Admin, settings.Keys))
        {
            await redis.Db.KeyDeleteAsync(key);
        }

        var keys = settings.Keys;
        await redis.Db.KeyDeleteAsync([keys.Audit, keys.AuditHead, keys.AuditAnchor]);
        File.Delete(settings.UsersFile);
        var restore = await RunAsync("restore", backup, "--config", config);

        restore.Exit.Should().Be(0, restore.Error);
        // The accounts come back as they were, each with a new session stamp (a restore ends every console session).
        var usersAfter = UsersFile.Read(settings.UsersFile);
        usersAfter.Should().BeEquivalentTo(UsersFile.Parse(System.Text.Encoding.UTF8.GetBytes(usersBefore), "before"), o => o.For(d => d.Users).Exclude(u => u.SessionStamp));
        usersAfter.Users.Should().OnlyContain(u => u.SessionStamp != null);
        File.GetUnixFileMode(settings.UsersFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var after = await EntriesAsync(tree);
        after.SkipLast(1).Should().BeEquivalentTo(before);
        after[^1].Action.Should().Be("restore");
        (await RunAsync("audit", "verify", "--config", config)).Should().Be((0, $"chain intact: {before.Length + 1} entries\n", string.Empty));
    }
}
