using Microsoft.Playwright;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Console;

/// <summary>
/// The console in a real browser (Debian's chromium through Playwright) against the real leader, Redis and a real
/// follower: sign in, watch convergence change live, roll back, refusals by role, sign out. Each page is screenshotted.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Browser)]
public sealed class ConsoleBrowserTests(RedisServer redis, ChromiumBrowser chromium) : IClassFixture<RedisServer>, IClassFixture<ChromiumBrowser>
{
    [Fact]
    public async Task Convergence_FollowerAppliesNewVersion_TableChangesWithoutReload()
    {
        await using var scenario = await ConsoleScenario.StartAsync(redis);
        var page = await SignInAsync(scenario, "ana");
        var row = page.Locator("#convergence tr[data-follower='core-1']");
        await Assertions.Expect(row.Locator("td.state")).ToHaveTextAsync("ok");
        var before = long.Parse(await row.Locator("td.applied").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await page.EvaluateAsync("() => { window.notReloaded = true; }");
        await ChromiumBrowser.ScreenshotAsync(page, "convergence");

        await scenario.RenderGreetingAsync("hi {{ GREETING }}");

        await Assertions.Expect(row.Locator("td.applied")).ToHaveTextAsync((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await page.EvaluateAsync<bool>("() => window.notReloaded === true")).Should().BeTrue("the table changed in place");
        scenario.FollowerFile("app/greeting.txt").Should().Be("hi one");
    }

    [Fact]
    public async Task History_ReleaserRollsBack_FollowerGetsTheOldFileAndRoleIsPinned()
    {
        await using var scenario = await ConsoleScenario.StartAsync(redis);
        await scenario.RenderGreetingAsync("second {{ GREETING }}");
        await Wait.UntilAsync(() => scenario.FollowerFile("app/greeting.txt") == "second one", TimeSpan.FromSeconds(30), "the second version on disk");
        var page = await SignInAsync(scenario, "ana");

        await page.GotoAsync("/console/roles");
        await ChromiumBrowser.ScreenshotAsync(page, "roles");
        await page.ClickAsync("a:text-is('core')");
        await ChromiumBrowser.ScreenshotAsync(page, "history");
        await page.ClickAsync("button[data-rollback='1']");

        await Assertions.Expect(page.Locator(".pinned")).ToContainTextAsync("Pinned at serial 3");
        await Wait.UntilAsync(() => scenario.FollowerFile("app/greeting.txt") == "hello one", TimeSpan.FromSeconds(30), "the rolled-back file on disk");
        await page.ClickAsync("#unpin");
        await Assertions.Expect(page.Locator(".pinned")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Pages_VersionFileAndDiff_NeverShowTheSecretValue()
    {
        await using var scenario = await ConsoleScenario.StartAsync(redis);
        await scenario.RenderGreetingAsync("third {{ GREETING }}");
        var token = (await new Leader.LeaderHarness(redis, scenario.Tree).FileAsync("core", "app/token.txt"))["token: ".Length..];
        var page = await SignInAsync(scenario, "val");

        await page.GotoAsync("/console/roles/core/1");
        await ChromiumBrowser.ScreenshotAsync(page, "version");
        await page.ClickAsync("a:text-is('app/token.txt')");
        await ChromiumBrowser.ScreenshotAsync(page, "file");
        var file = await page.ContentAsync();
        await page.GotoAsync("/console/roles/core/diff?from=1&to=2");
        await ChromiumBrowser.ScreenshotAsync(page, "diff");
        var diff = await page.ContentAsync();

        token.Should().HaveLength(40);
        file.Should().NotContain(token).And.Contain("holds secrets");
        diff.Should().NotContain(token).And.Contain("app/greeting.txt");
    }

    [Fact]
    public async Task Values_EditorPreviewsThenSaves_FollowerFileChanges()
    {
        await using var scenario = await ConsoleScenario.StartAsync(redis);
        await Wait.UntilAsync(() => scenario.FollowerFile("app/greeting.txt") == "hello one", TimeSpan.FromSeconds(30), "the first version on disk");
        var page = await SignInAsync(scenario, "eve");
        await page.GotoAsync("/console/values");
        await ChromiumBrowser.ScreenshotAsync(page, "values");
        await page.ClickAsync("a:text-is('GREETING')");

        await page.FillAsync("textarea[name='value']", "two");
        await page.FillAsync("input[name='reason']", "friendlier");
        await page.ClickAsync("button[value='preview']");
        await Assertions.Expect(page.Locator("#preview pre.diff")).ToContainTextAsync("hello two");
        await ChromiumBrowser.ScreenshotAsync(page, "value-preview");
        scenario.FollowerFile("app/greeting.txt").Should().Be("hello one", "a preview writes nothing");
        await page.ClickAsync("button[value='save']");

        await Assertions.Expect(page.Locator("#results tr[data-role='core'] td").Nth(1)).ToHaveTextAsync("stored");
        await ChromiumBrowser.ScreenshotAsync(page, "value-saved");
        await Wait.UntilAsync(() => scenario.FollowerFile("app/greeting.txt") == "hello two", TimeSpan.FromSeconds(30), "the new value on the follower's disk");
        File.ReadAllText(scenario.Tree.ConfigPath).Should().Contain("\"two\"");
    }

    [Fact]
    public async Task HistoryAndValues_Viewer_SeesNoActionAndIsRefusedThePosts()
    {
        await using var scenario = await ConsoleScenario.StartAsync(redis, follower: false);
        await scenario.RenderGreetingAsync("second {{ GREETING }}");
        var page = await SignInAsync(scenario, "val");
        await page.GotoAsync("/console/roles/core");
        await Assertions.Expect(page.Locator("#history tr[data-serial='1']")).ToHaveCountAsync(1);

        (await page.Locator("button[data-rollback]").CountAsync()).Should().Be(0);
        var token = await page.Locator("input[name='form-token']").First.GetAttributeAsync("value");
        var response = await page.APIRequest.PostAsync("/console/roles/core/rollback", new APIRequestContextOptions
        {
            Form = page.APIRequest.CreateFormData().Set("form-token", token!).Set("serial", "1"),
        });

        response.Status.Should().Be(403);
        (await response.TextAsync()).Should().Contain("releaser");
        await ChromiumBrowser.ScreenshotAsync(page, "viewer-history");

        // Nor may a viewer edit a value: no form, and the post is refused naming the role.
        await page.GotoAsync("/console/values/GREETING");
        await Assertions.Expect(page.Locator(".note").Last).ToContainTextAsync("needs the editor role");
        (await page.Locator("form#edit").CountAsync()).Should().Be(0);
        var edit = await page.APIRequest.PostAsync("/console/values/GREETING", new APIRequestContextOptions
        {
            Form = page.APIRequest.CreateFormData().Set("form-token", token!).Set("value", "\"x\"").Set("reason", "r").Set("etag", "\"e\"").Set("mode", "save"),
        });
        edit.Status.Should().Be(403);
        (await edit.TextAsync()).Should().Contain("needs the editor role");
    }

    [Fact]
    public async Task SignOut_ThenConsole_BackToTheSignInPage()
    {
        await using var scenario = await ConsoleScenario.StartAsync(redis, follower: false);
        var page = await SignInAsync(scenario, "eve");

        await page.ClickAsync("button:text-is('Sign out')");
        await Assertions.Expect(page.Locator("form.login")).ToHaveCountAsync(1);
        await page.GotoAsync("/console/roles");

        page.Url.Should().EndWith("/console/login");
    }

    [Fact]
    public async Task SignIn_WrongPassword_RefusedWithOneMessage()
    {
        await using var scenario = await ConsoleScenario.StartAsync(redis, follower: false);
        var page = await chromium.NewPageAsync(scenario.Leader.Client.BaseAddress!);
        await page.GotoAsync("/console");

        await page.FillAsync("input[name='name']", "ana");
        await page.FillAsync("input[name='password']", "wrong");
        await page.ClickAsync("button[type='submit']");

        await Assertions.Expect(page.Locator(".error")).ToHaveTextAsync("Wrong operator name or password.");
        await ChromiumBrowser.ScreenshotAsync(page, "login-refused");
    }

    private async Task<IPage> SignInAsync(ConsoleScenario scenario, string name)
    {
        var page = await chromium.NewPageAsync(scenario.Leader.Client.BaseAddress!);
        await page.GotoAsync("/console");
        page.Url.Should().EndWith("/console/login", "a browser without a session is sent to sign in");
        await page.FillAsync("input[name='name']", name);
        await page.FillAsync("input[name='password']", ConsoleScenario.Password);
        await page.ClickAsync("button[type='submit']");
        await Assertions.Expect(page.Locator(".operator")).ToContainTextAsync(name);
        return page;
    }
}
