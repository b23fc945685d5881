using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Commands;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Console;

/// <summary>
/// A console session ends on the server, not only in the browser: signing out, a password change, a disable and
/// enable, a remove and add again of the same name, and eight hours after sign-in however much it is used. Each test
/// keeps a copy of the session cookie, as someone who took it from the browser would.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class ConsoleSessionTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Logout_CopiedCookie_RefusedAfterwards()
    {
        await using var scenario = await ConsoleScenario.StartAsync(redis, follower: false);
        using var browser = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await browser.SignInAsync("eve", ConsoleScenario.Password);
        await browser.GetAsync("/console/roles");
        using var copy = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        copy.CopyCookiesFrom(browser);
        (await copy.GetAsync("/console/roles")).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        (await browser.PostAsync("/console/logout")).Response.StatusCode.Should().Be(HttpStatusCode.Redirect);

        (await copy.GetAsync("/console/roles")).Response.StatusCode.Should().Be(HttpStatusCode.Redirect, "signing out ends the session, wherever its cookie is");
    }

    [Fact]
    public async Task PasswordHashChanged_CopiedCookie_Refused()
    {
        await using var scenario = await ConsoleScenario.StartAsync(redis, follower: false);
        using var browser = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await browser.SignInAsync("eve", ConsoleScenario.Password);

        // The file edited as the reviewer did: only the hash changes (the CLI's passwd also renews the session stamp).
        await UsersFile.ChangeAsync(scenario.UsersFile, users => users.Find("eve")!.PasswordHash = PasswordHash.Create("another password, long", 1000));

        (await browser.GetAsync("/console/roles")).Response.StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Theory]
    [InlineData("passwd")]
    [InlineData("disable-enable")]
    [InlineData("remove-add")]
    public async Task AccountChangedByTheCli_OldSession_Refused(string change)
    {
        await using var scenario = await ConsoleScenario.StartAsync(redis, follower: false);
        var settings = SettingsLoader.Load(scenario.Tree.ConfigPath);
        using var browser = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await browser.SignInAsync("eve", ConsoleScenario.Password);
        (await browser.GetAsync("/console/roles")).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        foreach (var verb in change.Split('-'))
        {
            // add and passwd read the password on stdin (the same one: only the session stamp tells the sessions apart).
            var args = new CommandArgs(["users", verb, "eve"]);
            if (verb == "add")
            {
                args.With("--role", ["editor"]);
            }

            using var output = new StringWriter();
            (await UsersCommand.RunAsync(settings, new NullAuditTrail(), args, output, new StringReader(ConsoleScenario.Password + "\n"))).Should().Be(0);
        }

        (await browser.GetAsync("/console/roles")).Response.StatusCode.Should().Be(HttpStatusCode.Redirect, change);
        using var again = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        (await again.SignInAsync("eve", ConsoleScenario.Password)).StatusCode.Should().Be(HttpStatusCode.Redirect, "signing in again works");
    }

    [Fact]
    public async Task SessionUsedThroughout_EightHoursAfterSignIn_Ends()
    {
        var clock = new LaterClock(TimeSpan.Zero);
        await using var scenario = await ConsoleScenario.StartAsync(redis, follower: false, services: s => s.AddSingleton<TimeProvider>(clock));
        using var browser = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await browser.SignInAsync("eve", ConsoleScenario.Password);

        // Used every few hours: a sliding session would be extended each time and never end.
        foreach (var hours in new[] { 3, 6, 7.9 })
        {
            clock.Ahead = TimeSpan.FromHours(hours);
            (await browser.GetAsync("/console/roles")).Response.StatusCode.Should().Be(HttpStatusCode.OK, $"{hours} h after sign-in");
        }

        clock.Ahead = TimeSpan.FromHours(8.1);
        (await browser.GetAsync("/console/roles")).Response.StatusCode.Should().Be(HttpStatusCode.Redirect);
    }
}
