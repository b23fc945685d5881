using System.Net;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;

namespace PryvBus.Tests.Console;

/// <summary>
/// Markup reaching a console page from anywhere (a name typed at sign-in, a role in the address, a template's text,
/// a value and a reason typed by an editor, a follower's status hash) is shown as text, never as markup.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class ConsoleEncodingTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Script = "<script>alert('x')</script>";
    private const string EncodedScript = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;";

    [Fact]
    public async Task SignIn_NameWithMarkup_EncodedOnTheFormAndNotInTheAuditTrail()
    {
        await using var scenario = await ConsoleScenario.StartAsync(redis, follower: false);
        using var stranger = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        (await stranger.SignInAsync(Script, "wrong")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var refused = stranger.LastBody;
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync("val", ConsoleScenario.Password);

        var (_, audit) = await client.GetAsync("/console/audit?action=login.failed");

        refused.Should().Contain($"name=\"name\" value=\"{EncodedScript}\"").And.NotContain(Script);
        audit.Should().Contain("<td>(unknown name) (viewer)</td>").And.NotContain(EncodedScript).And.NotContain(Script);
    }

    [Fact]
    public async Task UnknownRole_RoleWithMarkup_NamedEncoded()
    {
        await using var scenario = await ConsoleScenario.StartAsync(redis, follower: false);
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync("val", ConsoleScenario.Password);

        var (response, body) = await client.GetAsync("/console/roles/" + Uri.EscapeDataString("<img src=x onerror=alert(1)>"));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        body.Should().Contain("no role &#x27;&lt;img src=x onerror=alert(1)&gt;&#x27;").And.NotContain("<img");
    }

    [Fact]
    public async Task ValueAndTemplate_WithMarkup_ShownEncodedOnEveryPage()
    {
        await using var scenario = await ConsoleScenario.StartAsync(redis, follower: false);
        await scenario.RenderGreetingAsync("<b>\"bold\"</b> & {{ GREETING }}");
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync("eve", ConsoleScenario.Password);
        var (_, edit) = await client.GetAsync("/console/values/GREETING");
        var etag = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(edit, "name=\"etag\" value=\"([^\"]+)\"").Groups[1].Value);

        var (saved, _) = await client.PostAsync("/console/values/GREETING", new Dictionary<string, string> { ["value"] = "<i>hi</i>", ["reason"] = Script, ["etag"] = etag, ["mode"] = "save" });

        saved.StatusCode.Should().Be(HttpStatusCode.OK);
        var serial = (await new LeaderHarness(redis, scenario.Tree).CurrentAsync("core"))!.Serial;
        var pages = new Dictionary<string, string>
        {
            ["/console/values"] = "<code>&quot;\\u003Ci\\u003Ehi\\u003C/i\\u003E&quot;</code>",
            ["/console/values/GREETING"] = "&quot;\\u003Ci\\u003Ehi\\u003C/i\\u003E&quot;</textarea>",
            [$"/console/roles/core/{serial}/file?path=app/greeting.txt"] = "<pre id=\"text\">&lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; &lt;i&gt;hi&lt;/i&gt;</pre>",
            [$"/console/roles/core/diff?from={serial - 1}&to={serial}"] = "&lt;i&gt;hi&lt;/i&gt;",
            ["/console/audit?action=value.set"] = $"<td>{EncodedScript}</td>",
        };
        foreach (var (page, shown) in pages)
        {
            var (_, body) = await client.GetAsync(page);
            body.Should().Contain(shown, page).And.NotContain("<i>hi", page).And.NotContain("<b>\"bold", page).And.NotContain(Script, page);
        }
    }

    [Fact]
    public async Task Convergence_FollowerStatusWithMarkup_ShownEncoded()
    {
        // The status hash is written by followers: untrusted, like anything read from Redis.
        await using var scenario = await ConsoleScenario.StartAsync(redis, follower: false);
        var keys = new LeaderHarness(redis, scenario.Tree).Keys;
        await redis.Db.HashSetAsync(keys.Follower("core-1"), [new("role", "core"), new("state", "<b>ok</b>"), new("serial", 1), new("error", Script)]);
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync("val", ConsoleScenario.Password);

        var (_, body) = await client.GetAsync("/console");

        body.Should().Contain("<td class=\"state\">&lt;b&gt;ok&lt;/b&gt;</td>").And.Contain($"<td>{EncodedScript}</td>").And.NotContain(Script).And.NotContain("<b>ok");
    }
}
