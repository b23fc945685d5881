using System.Net;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;

namespace PryvBus.Tests.Console;

/// <summary>
/// Every console route at the HTTP level against the real leader and Redis: who may do what, form tokens, the session
/// cookie's attributes, the security headers, and no secret value in any page.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class ConsoleHttpTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly string[] Pages =
        ["/console", "/console/roles", "/console/roles/core", "/console/roles/core/1", "/console/roles/core/1/file?path=app/greeting.txt",
         "/console/roles/core/1/file?path=app/token.txt", "/console/roles/core/diff?from=1&to=2", "/console/reload", "/console/secrets", "/console/audit", "/console/values", "/console/values/GREETING", "/console/values/SMTP_PASSWORD"];

    [Fact]
    public async Task Pages_NoSession_SentToSignIn()
    {
        await using var scenario = await StartAsync();
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);

        foreach (var page in Pages)
        {
            var (response, _) = await client.GetAsync(page);
            response.StatusCode.Should().Be(HttpStatusCode.Redirect, page);
            response.Headers.Location!.ToString().Should().Be("/console/login", page);
        }
    }

    [Theory]
    [InlineData("val")]
    [InlineData("eve")]
    [InlineData("ana")]
    public async Task Pages_AnyRole_Shown(string name)
    {
        await using var scenario = await StartAsync();
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        (await client.SignInAsync(name, ConsoleScenario.Password)).StatusCode.Should().Be(HttpStatusCode.Redirect);

        foreach (var page in Pages)
        {
            var (response, body) = await client.GetAsync(page);
            response.StatusCode.Should().Be(HttpStatusCode.OK, page);
            body.Should().Contain($"{name} (", page);
        }
    }

    [Theory]
    [InlineData("val", HttpStatusCode.Forbidden)]
    [InlineData("eve", HttpStatusCode.Forbidden)]
    [InlineData("ana", HttpStatusCode.Redirect)]
    public async Task Rollback_ByRole_OnlyReleaserAllowed(string name, HttpStatusCode expected)
    {
        await using var scenario = await StartAsync();
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync(name, ConsoleScenario.Password);
        await client.GetAsync("/console/roles/core");

        var (response, body) = await client.PostAsync("/console/roles/core/rollback", new Dictionary<string, string> { ["serial"] = "1" });

        response.StatusCode.Should().Be(expected);
        var current = (await new LeaderHarness(redis, scenario.Tree).CurrentAsync("core"))!.Serial;
        current.Should().Be(expected == HttpStatusCode.Redirect ? 3 : 2);
        if (expected == HttpStatusCode.Forbidden)
        {
            body.Should().Contain("needs the releaser role");
        }
    }

    [Fact]
    public async Task Convergence_RolloutActive_ShowsEachFollowersWave()
    {
        await using var scenario = await ConsoleScenario.StartAsync(redis, follower: false, rollout: true);
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync("val", ConsoleScenario.Password);

        await scenario.RenderGreetingAsync("second {{ GREETING }}");

        await Wait.UntilAsync(async () => (await client.GetAsync("/console")).Body.Contains("<td class=\"wave\">2/2 waiting</td>", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "core-1 shown waiting in wave 2");
        client.LastBody.Should().Contain("<td class=\"wave\">1/2 admitted</td>", "core-2 is admitted in wave 1");
    }

    [Fact]
    public async Task Convergence_FollowerRestartedComponents_ShowsTheLastRestart()
    {
        // No follower process: its own status reports (restart fields included) would race with the hash written here.
        await using var scenario = await ConsoleScenario.StartAsync(redis, follower: false);
        var keys = new LeaderHarness(redis, scenario.Tree).Keys;
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync("val", ConsoleScenario.Password);

        await redis.Db.HashSetAsync(keys.Follower("core-1"), [
            new("role", "core"), new("state", "ok"), new("serial", 1), new("restarted", "core,nginx"), new("restartedAt", "2026-11-30T08:00:00.000Z")]);

        (await client.GetAsync("/console")).Body.Should().Contain("core,nginx at 2026-11-30T08:00:00.000Z");
    }

    [Fact]
    public async Task Pin_AtCurrent_PinnedWithoutANewSerialThenUnpinned()
    {
        await using var scenario = await StartAsync();
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync("ana", ConsoleScenario.Password);
        (await client.GetAsync("/console/roles/core")).Body.Should().Contain("id=\"pin\"");

        await client.PostAsync("/console/roles/core/rollback", new Dictionary<string, string> { ["serial"] = "2" });
        var (_, pinned) = await client.GetAsync("/console/roles/core");
        await client.PostAsync("/console/roles/core/unpin");
        var (_, unpinned) = await client.GetAsync("/console/roles/core");

        pinned.Should().Contain("Pinned at serial 2").And.NotContain("id=\"pin\"");
        (await new LeaderHarness(redis, scenario.Tree).CurrentAsync("core"))!.Serial.Should().Be(2);
        unpinned.Should().NotContain("Pinned at serial").And.Contain("id=\"pin\"");
    }

    [Theory]
    [InlineData("/console/roles/core/unpin")]
    [InlineData("/console/reload")]
    public async Task Actions_Viewer_Refused(string path)
    {
        await using var scenario = await StartAsync();
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync("val", ConsoleScenario.Password);
        await client.GetAsync("/console/reload");

        var (response, _) = await client.PostAsync(path, new Dictionary<string, string> { ["role"] = "core" });

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("ana", HttpStatusCode.Forbidden)]
    [InlineData("ada", HttpStatusCode.OK)]
    public async Task RotateSecret_ByRole_OnlyAdminAllowedAndNoValueShown(string name, HttpStatusCode expected)
    {
        await using var scenario = await StartAsync();
        var leader = new LeaderHarness(redis, scenario.Tree);
        var before = await leader.FileAsync("core", "app/token.txt");
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync(name, ConsoleScenario.Password);
        var (_, page) = await client.GetAsync("/console/secrets");

        var (response, body) = await client.PostAsync("/console/secrets/API_TOKEN/rotate");

        response.StatusCode.Should().Be(expected);
        page.Contains("data-rotate=\"API_TOKEN\"", StringComparison.Ordinal).Should().Be(expected == HttpStatusCode.OK, "the button shows for admins only");
        var after = await leader.FileAsync("core", "app/token.txt");
        if (expected == HttpStatusCode.OK)
        {
            after.Should().NotBe(before);
            body.Should().Contain("API_TOKEN rotated").And.NotContain(after["token: ".Length..]).And.NotContain(before["token: ".Length..]);
        }
        else
        {
            after.Should().Be(before);
        }
    }

    [Fact]
    public async Task Audit_RollbackFromTheConsole_ShownWithActorAndChainIntact()
    {
        await using var scenario = await StartAsync();
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync("ana", ConsoleScenario.Password);
        await client.GetAsync("/console/roles/core");
        await client.PostAsync("/console/roles/core/rollback", new Dictionary<string, string> { ["serial"] = "1" });

        var (_, all) = await client.GetAsync("/console/audit?verify=true");
        var (_, byVal) = await client.GetAsync("/console/audit?actor=val");

        all.Should().Contain("data-action=\"rollback\"").And.Contain("ana (releaser)").And.Contain("data-action=\"login\"");
        System.Text.RegularExpressions.Regex.IsMatch(all, "id=\"verification\">chain intact: [0-9]+ entries").Should().BeTrue(all);
        byVal.Should().NotContain("data-action=\"rollback\"");
    }

    [Theory]
    [InlineData("val", HttpStatusCode.Forbidden)]
    [InlineData("eve", HttpStatusCode.OK)]
    public async Task SaveValue_ByRole_OnlyEditorAndAbove(string name, HttpStatusCode expected)
    {
        await using var scenario = await StartAsync();
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync(name, ConsoleScenario.Password);
        var (_, page) = await client.GetAsync("/console/values/GREETING");

        var (response, _) = await client.PostAsync("/console/values/GREETING", new Dictionary<string, string> { ["value"] = "three", ["reason"] = "test", ["etag"] = ETagOf(page), ["mode"] = "save" });

        response.StatusCode.Should().Be(expected);
        page.Contains("id=\"edit\"", StringComparison.Ordinal).Should().Be(expected == HttpStatusCode.OK, "the form shows for editors only");
        File.ReadAllText(scenario.Tree.ConfigPath).Contains("\"three\"", StringComparison.Ordinal).Should().Be(expected == HttpStatusCode.OK);
    }

    [Fact]
    public async Task SaveValue_FileChangedSinceThePage_RefusedNothingWritten()
    {
        await using var scenario = await StartAsync();
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync("eve", ConsoleScenario.Password);
        var (_, page) = await client.GetAsync("/console/values/GREETING");
        File.AppendAllText(scenario.Tree.ConfigPath, "\n// an edit in the file meanwhile\n");
        var before = File.ReadAllText(scenario.Tree.ConfigPath);

        var (response, body) = await client.PostAsync("/console/values/GREETING", new Dictionary<string, string> { ["value"] = "three", ["reason"] = "test", ["etag"] = ETagOf(page), ["mode"] = "save" });

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        body.Should().Contain("changed since this page was shown");
        File.ReadAllText(scenario.Tree.ConfigPath).Should().Be(before);
    }

    [Fact]
    public async Task SaveValue_BreaksItsConstraint_ProblemShownNothingWritten()
    {
        await using var scenario = await StartAsync();
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync("eve", ConsoleScenario.Password);
        var (_, page) = await client.GetAsync("/console/values/GREETING");
        var before = File.ReadAllText(scenario.Tree.ConfigPath);

        var (response, body) = await client.PostAsync("/console/values/GREETING", new Dictionary<string, string> { ["value"] = new string('x', 30), ["reason"] = "test", ["etag"] = ETagOf(page), ["mode"] = "save" });

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        body.Should().Contain("GREETING");
        File.ReadAllText(scenario.Tree.ConfigPath).Should().Be(before);
    }

    [Fact]
    public async Task PreviewSensitiveValue_NeitherOldNorNewValueInThePage()
    {
        await using var scenario = await StartAsync();
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync("eve", ConsoleScenario.Password);
        var (_, page) = await client.GetAsync("/console/values/SMTP_PASSWORD");

        var (response, body) = await client.PostAsync("/console/values/SMTP_PASSWORD", new Dictionary<string, string> { ["value"] = "new-smtp-secret-91", ["reason"] = "rotate", ["etag"] = ETagOf(page), ["mode"] = "preview" });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body.Should().Contain("id=\"preview\"").And.NotContain("new-smtp-secret-91").And.NotContain(ConsoleScenario.SmtpPassword);
        page.Should().NotContain(ConsoleScenario.SmtpPassword);
    }

    [Fact]
    public async Task Rollback_NoFormToken_RefusedAndNothingStored()
    {
        await using var scenario = await StartAsync();
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync("ana", ConsoleScenario.Password);

        var (response, body) = await client.PostAsync("/console/roles/core/rollback", new Dictionary<string, string> { ["serial"] = "1" }, token: false);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body.Should().Contain("did not come from this console");
        (await new LeaderHarness(redis, scenario.Tree).CurrentAsync("core"))!.Serial.Should().Be(2);
    }

    [Fact]
    public async Task Rollback_FormTokenOfAnotherSession_Refused()
    {
        await using var scenario = await StartAsync();
        using var mallory = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await mallory.SignInAsync("val", ConsoleScenario.Password);
        await mallory.GetAsync("/console/roles/core");
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync("ana", ConsoleScenario.Password);

        var (response, _) = await client.PostAsync("/console/roles/core/rollback", new Dictionary<string, string> { ["serial"] = "1", ["form-token"] = mallory.FormToken! }, token: false);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SignIn_Succeeds_SessionCookieIsSecureHttpOnlyStrict()
    {
        await using var scenario = await StartAsync();
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.GetAsync("/console/login");

        var (response, _) = await client.PostAsync("/console/login", new Dictionary<string, string> { ["name"] = "ana", ["password"] = ConsoleScenario.Password });

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-pryvbus-session=", StringComparison.Ordinal)).ToLowerInvariant();
        cookie.Should().Contain("secure").And.Contain("httponly").And.Contain("samesite=strict").And.Contain("path=/").And.NotContain("domain=");
    }

    [Fact]
    public async Task Pages_Any_CarrySecurityHeaders()
    {
        await using var scenario = await StartAsync();
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync("val", ConsoleScenario.Password);

        foreach (var page in Pages.Append("/console/login"))
        {
            var (response, body) = await client.GetAsync(page);
            response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("default-src 'none'").And.Contain("script-src 'self'").And.Contain("frame-ancestors 'none'");
            response.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
            response.Headers.GetValues("X-Frame-Options").Single().Should().Be("DENY");
            response.Headers.CacheControl!.NoStore.Should().BeTrue();
            body.Should().NotContain("<script>").And.NotContain("style=\"", "no inline code: the policy would block it");
        }
    }

    [Fact]
    public async Task Pages_Any_NeverShowTheSecretValue()
    {
        await using var scenario = await StartAsync();
        var token = (await new LeaderHarness(redis, scenario.Tree).FileAsync("core", "app/token.txt"))["token: ".Length..];
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync("ana", ConsoleScenario.Password);

        foreach (var page in Pages.Append("/console/roles/core/2").Append("/console/roles/core/2/file?path=app/token.txt").Append("/console/roles/core/2/file?path=app/mail.txt"))
        {
            var (_, body) = await client.GetAsync(page);
            body.Should().NotContain(token, page).And.NotContain(ConsoleScenario.SmtpPassword, page);
        }

        token.Should().MatchRegex("^[0-9a-f]{40}$");
    }

    [Fact]
    public async Task Pages_OperatorRemoved_SessionEndsAtOnce()
    {
        await using var scenario = await StartAsync();
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync("eve", ConsoleScenario.Password);
        (await client.GetAsync("/console/roles")).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        await scenario.RemoveOperatorAsync("eve");

        (await client.GetAsync("/console/roles")).Response.StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Theory]
    [InlineData("/console/roles/nope", "no role 'nope'")]
    [InlineData("/console/roles/core/99", "serial 99 of role 'core' is not retained")]
    [InlineData("/console/roles/core/1/file?path=../../etc/passwd", "has no file")]
    public async Task Pages_UnknownThing_NotFoundNamingIt(string page, string message)
    {
        await using var scenario = await StartAsync();
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync("val", ConsoleScenario.Password);

        var (response, body) = await client.GetAsync(page);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        System.Net.WebUtility.HtmlDecode(body).Should().Contain(message).And.NotContain("   at ");
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_AccountLockedEvenForTheRightOne()
    {
        await using var scenario = await StartAsync();
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            (await client.SignInAsync("ana", "wrong")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        var (response, body) = (await client.SignInAsync("ana", ConsoleScenario.Password), client.LastBody);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        body.Should().Contain("Wrong operator name or password.", "a locked account answers like a wrong password");
        (await client.GetAsync("/console/roles")).Response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await client.SignInAsync("val", ConsoleScenario.Password)).StatusCode.Should().Be(HttpStatusCode.Redirect, "other accounts are not locked");
    }

    [Fact]
    public async Task SignIn_TooLongName_RefusedWithoutChecking()
    {
        await using var scenario = await StartAsync();
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.GetAsync("/console/login");

        var (response, body) = await client.PostAsync("/console/login", new Dictionary<string, string> { ["name"] = new string('a', 10_000), ["password"] = "x" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body.Should().Contain("Enter your operator name and password.");
    }

    private static string ETagOf(string page) =>
        System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "name=\"etag\" value=\"([^\"]+)\"").Groups[1].Value);

    /// <summary>Two versions of core (serial 1 and 2); no follower (the routes are about the store).</summary>
    private async Task<ConsoleScenario> StartAsync()
    {
        var scenario = await ConsoleScenario.StartAsync(redis, follower: false);
        await scenario.RenderGreetingAsync("second {{ GREETING }}");
        await Wait.UntilAsync(async () => (await new LeaderHarness(redis, scenario.Tree).CurrentAsync("core"))?.Serial == 2, TimeSpan.FromSeconds(15), "serial 2");
        return scenario;
    }
}
