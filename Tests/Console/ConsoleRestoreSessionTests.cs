using System.Net;
using PryvBus.Leader.Accounts;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.LeaderState;

namespace PryvBus.Tests.Console;

/// <summary>
/// A restore puts the backup's users file back into a folder without one, or in place of the folder's with
/// <c>--replace-users</c>, and with it the session stamps and password hashes of the backup: a console session that a
/// disable or a password change ended after the backup matched them again, on the running leader, at once. The restore
/// gives every account a new stamp in the same write, so no session signed in before the restore is valid after it.
/// <c>--force</c> alone (a store that is not empty replaced) keeps the folder's accounts: a disable since the backup holds.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class ConsoleRestoreSessionTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task RestoreReplaceUsers_BackupTakenBeforeADisable_TheSessionTheDisableEndedStaysEnded()
    {
        await using var scenario = await ConsoleScenario.StartAsync(redis, follower: false);
        using var backups = new TempDirectory();
        var file = backups.Combine("pryvbus.backup");
        var config = scenario.Tree.ConfigPath;
        using var browser = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await browser.SignInAsync("eve", ConsoleScenario.Password);
        (await browser.GetAsync("/console/roles")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await StateCommand.RunAsync("backup", file, "--config", config)).Exit.Should().Be(0);
        // A copy of the cookie, as someone who took it from the browser keeps it (the browser's is cleared when refused).
        using var copy = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        copy.CopyCookiesFrom(browser);
        (await StateCommand.RunAsync("users", "disable", "eve", "--config", config)).Exit.Should().Be(0);
        (await browser.GetAsync("/console/roles")).Response.StatusCode.Should().Be(HttpStatusCode.Redirect, "the disable ended the session");

        var restore = await StateCommand.RunAsync("restore", file, "--force", "--replace-users", "--config", config);

        restore.Exit.Should().Be(0, restore.Error);
        (await copy.GetAsync("/console/roles")).Response.StatusCode.Should().Be(
            HttpStatusCode.Redirect, "the backup's stamp is not put back: a session ended before the restore stays ended");
        restore.Output.Should().Contain("users file restored, new session stamps for 4 account(s)");
        UsersFile.Read(scenario.UsersFile).Find("eve")!.Disabled.Should().BeFalse("the accounts are back as the backup has them");
        using var again = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        (await again.SignInAsync("eve", ConsoleScenario.Password)).StatusCode.Should().Be(HttpStatusCode.Redirect, "signing in again works");
        (await again.GetAsync("/console/roles")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RestoreForce_AccountDisabledAfterTheBackup_StaysDisabled()
    {
        // --force replaces the store; the accounts are the folder's, newer than the backup's: nobody disabled since is back.
        await using var scenario = await ConsoleScenario.StartAsync(redis, follower: false);
        using var backups = new TempDirectory();
        var (file, config) = await BackUpAsync(scenario, backups);
        (await StateCommand.RunAsync("users", "disable", "eve", "--config", config)).Exit.Should().Be(0);

        var restore = await StateCommand.RunAsync("restore", file, "--force", "--config", config);

        restore.Exit.Should().Be(0, restore.Error);
        UsersFile.Read(scenario.UsersFile).Find("eve")!.Disabled.Should().BeTrue("the disable made after the backup holds");
        restore.Output.Should().Contain("users file kept (it exists; --replace-users puts the backup's accounts in its place)");
        using var again = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        (await again.SignInAsync("eve", ConsoleScenario.Password)).StatusCode.Should().NotBe(HttpStatusCode.Redirect, "a disabled account cannot sign in");
        (await again.GetAsync("/console/roles")).Response.StatusCode.Should().Be(HttpStatusCode.Redirect, "no session: sent to sign in");
    }

    [Fact]
    public async Task RestoreForce_SessionSignedInAfterTheBackup_Ends()
    {
        // The other way round: the file put back is older than the session, which ends all the same (a restore is a recovery).
        await using var scenario = await ConsoleScenario.StartAsync(redis, follower: false);
        using var backups = new TempDirectory();
        var (file, config) = await BackUpAsync(scenario, backups);
        using var browser = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await browser.SignInAsync("ada", ConsoleScenario.Password);
        (await browser.GetAsync("/console/roles")).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        var restore = await StateCommand.RunAsync("restore", file, "--force", "--config", config);

        restore.Exit.Should().Be(0, restore.Error);
        (await browser.GetAsync("/console/roles")).Response.StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    /// <summary>A backup of the scenario's leader, taken now: its file and the leader's settings file.</summary>
    private static async Task<(string File, string Config)> BackUpAsync(ConsoleScenario scenario, TempDirectory backups)
    {
        var file = backups.Combine("pryvbus.backup");
        var config = scenario.Tree.ConfigPath;
        (await StateCommand.RunAsync("backup", file, "--config", config)).Exit.Should().Be(0);
        return (file, config);
    }
}
