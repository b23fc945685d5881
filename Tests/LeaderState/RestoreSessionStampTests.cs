using System.Text.Json;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Leader.WebConsole;
using PryvBus.Tests.Audit;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.LeaderState;

/// <summary>
/// Whatever a restore does with the users file (puts the backup's back, keeps the folder's, or finds none in the
/// backup), every account it leaves has a new session stamp: a console session signed in before the restore is refused
/// after it, and the restore says so in its output and its audit entry. Sessions are checked as the console checks
/// them (<see cref="AccountsSignIn.Find"/> over the users file, with the stamp a sign-in gave).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class RestoreSessionStampTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Restore_RedisLostUsersFileKept_SessionsSignedInBeforeAreRefused()
    {
        using var tree = Tree();
        var settings = tree.Load();
        await OperatorFixtures.AddAsync(settings.UsersFile, ("ann", OperatorRole.Editor), ("bob", OperatorRole.Admin));
        var file = await BackupAsync(tree);
        using var signIn = SignIn(settings);
        var stamp = await StampAsync(signIn, "ann");
        signIn.Find("ann", stamp).Should().NotBeNull("the session is valid before the restore");
        foreach (var key in await StoreRestore.ExistingKeysAsync(redis.Admin, settings.Keys))
        {
            await redis.Db.KeyDeleteAsync(key);
        }

        var restore = await StateCommand.RunAsync("restore", file, "--config", tree.ConfigPath);

        restore.Exit.Should().Be(0, restore.Error);
        signIn.Find("ann", stamp).Should().BeNull("a session signed in before the restore ends with it");
        restore.Output.Should().Contain("users file kept (it exists; --replace-users puts the backup's accounts in its place), new session stamps for 2 account(s)");
        (await StampAsync(signIn, "ann")).Should().NotBe(stamp);
        signIn.Find("ann", await StampAsync(signIn, "ann")).Should().NotBeNull("signing in again works");
        (await LastAuditAsync(settings)).Should().Match<AuditRecord>(r => r.Action == "restore" && r.Detail!.Contains("new session stamps for 2 account(s)"));
    }

    [Fact]
    public async Task RestoreForce_BackupWithoutUsersFile_CurrentAccountsGetNewStamps()
    {
        using var tree = Tree();
        var settings = tree.Load();
        var file = await BackupAsync(tree);
        await OperatorFixtures.AddAsync(settings.UsersFile, ("ann", OperatorRole.Editor));
        using var signIn = SignIn(settings);
        var stamp = await StampAsync(signIn, "ann");

        var restore = await StateCommand.RunAsync("restore", file, "--force", "--json", "--config", tree.ConfigPath);

        restore.Exit.Should().Be(0, restore.Error);
        signIn.Find("ann", stamp).Should().BeNull();
        var json = JsonDocument.Parse(restore.Output).RootElement;
        json.GetProperty("users").GetString().Should().Be("not in the backup");
        json.GetProperty("sessionStampsRenewed").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Restore_NoUsersFileAnywhere_CreatesNone()
    {
        using var tree = Tree();
        var settings = tree.Load();
        var file = await BackupAsync(tree);

        var restore = await StateCommand.RunAsync("restore", file, "--force", "--config", tree.ConfigPath);

        restore.Exit.Should().Be(0, restore.Error);
        restore.Output.Should().Contain("users file not in the backup)");
        File.Exists(settings.UsersFile).Should().BeFalse();
    }

    [Fact]
    public async Task Restore_UsersFileKeptButInvalid_ExitFourSayingWhatWasRestored()
    {
        // Its stamps cannot be renewed: said in one line (Redis was written), never reported as done.
        using var tree = Tree();
        var settings = tree.Load();
        await OperatorFixtures.AddAsync(settings.UsersFile, ("ann", OperatorRole.Editor));
        var file = await BackupAsync(tree);
        foreach (var key in await StoreRestore.ExistingKeysAsync(redis.Admin, settings.Keys))
        {
            await redis.Db.KeyDeleteAsync(key);
        }

        await File.WriteAllTextAsync(settings.UsersFile, "{ not json");

        var restore = await StateCommand.RunAsync("restore", file, "--config", tree.ConfigPath);

        restore.Exit.Should().Be(4);
        restore.Error.TrimEnd('\n').Should().NotContain("\n", "one line, no stack trace")
            .And.StartWith("Redis and the secrets were restored").And.Contain("no console session was ended").And.Contain("not a users file")
            .And.Contain("restore again with --force, which keeps its accounts").And.NotContain("--replace-users", "replacing reads the broken file first");
        (await LastAuditAsync(settings)).Action.Should().NotBe("restore");
    }

    private LeaderTree Tree() => new LeaderTree(redis.Endpoint).Template("core", "app/greeting.txt", "hello");

    /// <summary>Renders once, then takes a backup with the CLI.</summary>
    private static async Task<string> BackupAsync(LeaderTree tree)
    {
        var config = tree.Save();
        (await StateCommand.RunAsync("render", "--config", config)).Exit.Should().Be(0);
        var file = Path.Combine(tree.Load().StateDirectory, "..", "pryvbus.backup");
        var backup = await StateCommand.RunAsync("backup", file, "--config", config);
        backup.Exit.Should().Be(0, backup.Error);
        return file;
    }

    private static AccountsSignIn SignIn(LeaderSettings settings)
    {
        var directory = new OperatorDirectory(() => settings.UsersFile);
        return new AccountsSignIn(directory, new LoginGuard(directory, 100, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30)));
    }

    /// <summary>The stamp a console session of <paramref name="name"/> carries when it signs in now.</summary>
    private static async Task<string> StampAsync(AccountsSignIn signIn, string name) =>
        (await signIn.CheckPasswordAsync(name, name + " password", "127.0.0.1")).SessionStamp!;

    private async Task<AuditRecord> LastAuditAsync(LeaderSettings settings) =>
        (await new AuditStream(redis.Db, settings.Keys).ReadAllAsync()).Select(e => e.Record!).Last();
}
