using System.Net;
using System.Text;
using PryvBus.Leader.Values;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;
using static PryvBus.Tests.Values.PlatformApi;

namespace PryvBus.Tests.Values;

[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class PlatformApiTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task GetPlatform_EveryValue_DescribedWithUsageAndETagSensitiveMasked()
    {
        using var tree = Tree(redis.Endpoint);
        SaveWithComments(tree);
        await using var host = await StartAsync(redis, tree);

        var (response, json, text) = await SendAsync(host.Client, HttpMethod.Get, "/admin/platform");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        ETag(response).Should().Be(SettingsFile.ETagOf(File.ReadAllBytes(tree.ConfigPath)));
        var values = json.GetProperty("values").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);
        values["DOMAIN"].GetProperty("value").GetString().Should().Be("pryv.test");
        values["DOMAIN"].GetProperty("description").GetString().Should().Be("The platform domain.");
        values["DOMAIN"].GetProperty("usedIn").EnumerateArray().Select(f => f.GetString()).Should().Equal("data/core/nginx/conf/site.conf");
        values["DOMAIN"].GetProperty("roles").EnumerateArray().Select(f => f.GetString()).Should().Equal("core");
        values["PORT"].GetProperty("constraints").GetProperty("max").GetDouble().Should().Be(65535);
        values["DB_PASSWORD"].GetProperty("sensitive").GetBoolean().Should().BeTrue();
        text.Should().NotContain(Password);
        var (one, oneJson, oneText) = await SendAsync(host.Client, HttpMethod.Get, "/admin/platform/DB_PASSWORD");
        one.StatusCode.Should().Be(HttpStatusCode.OK);
        oneJson.GetProperty("name").GetString().Should().Be("DB_PASSWORD");
        oneText.Should().NotContain(Password);
        (await SendAsync(host.Client, HttpMethod.Get, "/admin/platform/NOPE")).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetPlatform_TemplatesEditedBetweenListings_UsageFollowsEveryEdit()
    {
        // The listing keeps what it rendered between requests (secrets' stand-ins too): each edit of the tree must show.
        using var tree = Tree(redis.Endpoint, watch: false);
        tree.Template("core", "app/token.conf", "token={{ secret \"API_TOKEN\" }}\nport={{ PORT }}\n").Save();
        await using var host = await StartAsync(redis, tree);
        (await UsedInAsync(host.Client, "DOMAIN")).Should().Equal("data/core/nginx/conf/site.conf");
        (await UsedInAsync(host.Client, "PORT")).Should().Equal("data/core/app/token.conf", "data/core/nginx/conf/site.conf");

        File.WriteAllText(tree.TemplatePath("core", "app/db.conf"), "password={{ DB_PASSWORD }}\nhost={{ DOMAIN }}\n");
        (await UsedInAsync(host.Client, "DOMAIN")).Should().Equal("data/core/app/db.conf", "data/core/nginx/conf/site.conf");

        File.Delete(tree.TemplatePath("core", "nginx/conf/site.conf"));
        (await UsedInAsync(host.Client, "DOMAIN")).Should().Equal("data/core/app/db.conf");
        (await UsedInAsync(host.Client, "PORT")).Should().Equal("data/core/app/token.conf");

        Directory.CreateDirectory(tree.TemplatePath("core", "proxy"));
        File.WriteAllText(tree.TemplatePath("core", "proxy/port.conf"), "listen {{ PORT }};\n");
        (await UsedInAsync(host.Client, "PORT")).Should().Equal("data/core/app/token.conf", "data/core/proxy/port.conf");

        File.WriteAllText(tree.TemplatePath("core", "app/token.conf"), "token={{ secret \"API_TOKEN\" }}\n");
        File.WriteAllText(tree.TemplatePath("core", "app/db.conf"), "password={{ DB_PASSWORD }}\n");
        (await UsedInAsync(host.Client, "PORT")).Should().Equal("data/core/proxy/port.conf");
        (await UsedInAsync(host.Client, "DOMAIN")).Should().BeEmpty();
    }

    private static async Task<string?[]> UsedInAsync(HttpClient client, string name)
    {
        var (response, json, _) = await SendAsync(client, HttpMethod.Get, "/admin/platform/" + name);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return [.. json.GetProperty("usedIn").EnumerateArray().Select(f => f.GetString())];
    }

    [Fact]
    public async Task PutPlatform_CurrentETag_WritesOnlyTheValueRendersAndReturnsNewETag()
    {
        using var tree = Tree(redis.Endpoint);
        var before = SaveWithComments(tree);
        await using var host = await StartAsync(redis, tree);
        var etag = ETag((await SendAsync(host.Client, HttpMethod.Get, "/admin/platform")).Response);

        var (response, json, _) = await SendAsync(host.Client, HttpMethod.Put, "/admin/platform/PORT", new { value = 3001, reason = "move the port" }, etag);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var after = File.ReadAllText(tree.ConfigPath);
        after.Should().Be(before.Replace("\"value\": 3000", "\"value\": 3001", StringComparison.Ordinal), "comments and layout survive byte for byte");
        after.Should().StartWith(Header).And.Contain("/* kept */");
        ETag(response).Should().Be(SettingsFile.ETagOf(File.ReadAllBytes(tree.ConfigPath))).And.NotBe(etag);
        json.GetProperty("change").GetString().Should().Be("PORT: 3000 → 3001");
        json.GetProperty("roles")[0].GetProperty("result").GetString().Should().Be("stored");
        (await new LeaderHarness(redis, tree).FileAsync("core", "nginx/conf/site.conf")).Should().Contain("listen 3001;");
        (await SendAsync(host.Client, HttpMethod.Put, "/admin/platform/PORT", new { value = 3002, reason = "again" }, etag)).Response.StatusCode
            .Should().Be(HttpStatusCode.PreconditionFailed, "the first ETag is stale now");
    }

    [Fact]
    public async Task PutPlatform_RefusedRequests_SayWhyAndWriteNothing()
    {
        using var tree = Tree(redis.Endpoint);
        var before = SaveWithComments(tree);
        await using var host = await StartAsync(redis, tree);
        var etag = SettingsFile.ETagOf(Encoding.UTF8.GetBytes(before));

        var noIfMatch = await SendAsync(host.Client, HttpMethod.Put, "/admin/platform/PORT", new { value = 1, reason = "r" });
        var star = await SendAsync(host.Client, HttpMethod.Put, "/admin/platform/PORT", new { value = 1, reason = "r" }, "*");
        var stale = await SendAsync(host.Client, HttpMethod.Put, "/admin/platform/PORT", new { value = 1, reason = "r" }, "\"0123\"");
        var noReason = await SendAsync(host.Client, HttpMethod.Put, "/admin/platform/PORT", new { value = 1 }, etag);
        var noValue = await SendAsync(host.Client, HttpMethod.Put, "/admin/platform/PORT", new { reason = "r" }, etag);
        var unknown = await SendAsync(host.Client, HttpMethod.Put, "/admin/platform/NOPE", new { value = 1, reason = "r" }, etag);
        var invalid = await SendAsync(host.Client, HttpMethod.Put, "/admin/platform/PORT", new { value = 70000, reason = "r" }, etag);
        var wrongType = await SendAsync(host.Client, HttpMethod.Put, "/admin/platform/PORT", new { value = "abc", reason = "r" }, etag);

        noIfMatch.Response.StatusCode.Should().Be(HttpStatusCode.PreconditionRequired);
        star.Response.StatusCode.Should().Be(HttpStatusCode.PreconditionRequired);
        stale.Response.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        ETag(stale.Response).Should().Be(etag, "the answer names the current ETag");
        noReason.Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        noReason.Text.Should().Contain("reason");
        noValue.Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        unknown.Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        unknown.Text.Should().Contain("NOPE");
        invalid.Response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        invalid.Json.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).Should().ContainSingle()
            .Which.Should().Contain("platform.PORT.value").And.Contain("at most 65535");
        wrongType.Response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        wrongType.Text.Should().Contain("platform.PORT.value").And.Contain("must be an integer");
        File.ReadAllText(tree.ConfigPath).Should().Be(before);
    }

    [Fact]
    public async Task PutPlatform_DryRun_ShowsTheDiffPerRoleAndWritesNothing()
    {
        using var tree = Tree(redis.Endpoint);
        var before = SaveWithComments(tree);
        await using var host = await StartAsync(redis, tree);
        var etag = SettingsFile.ETagOf(Encoding.UTF8.GetBytes(before));

        var (response, json, _) = await SendAsync(host.Client, HttpMethod.Put, "/admin/platform/DOMAIN", new { value = "new.test", reason = "preview", dryRun = true }, etag);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var core = json.GetProperty("roles")[0];
        core.GetProperty("changed").EnumerateArray().Select(p => p.GetString()).Should().Equal("nginx/conf/site.conf");
        core.GetProperty("diff").GetString().Should().Contain("server_name pryv.test;").And.Contain("server_name new.test;");
        File.ReadAllText(tree.ConfigPath).Should().Be(before);
        (await new LeaderHarness(redis, tree).CurrentAsync("core"))!.Serial.Should().Be(1);
    }

    [Fact]
    public async Task PutPlatform_SensitiveValue_NeverInTheAnswerDiffOrListing()
    {
        using var tree = Tree(redis.Endpoint);
        var before = SaveWithComments(tree);
        await using var host = await StartAsync(redis, tree);
        const string Next = "Kw4-another-sensitive-777";

        var dry = await SendAsync(host.Client, HttpMethod.Put, "/admin/platform/DB_PASSWORD", new { value = Next, reason = "rotate", dryRun = true },
            SettingsFile.ETagOf(Encoding.UTF8.GetBytes(before)));
        var real = await SendAsync(host.Client, HttpMethod.Put, "/admin/platform/DB_PASSWORD", new { value = Next, reason = "rotate" }, ETag(dry.Response));
        var listing = await SendAsync(host.Client, HttpMethod.Get, "/admin/platform");

        dry.Response.StatusCode.Should().Be(HttpStatusCode.OK);
        dry.Json.GetProperty("roles")[0].GetProperty("diff").GetString().Should().Contain("app/db.conf").And.Contain("holds secrets");
        real.Response.StatusCode.Should().Be(HttpStatusCode.OK);
        real.Json.GetProperty("change").GetString().Should().Be("DB_PASSWORD: (sensitive: not shown) changed");
        foreach (var text in new[] { dry.Text, real.Text, listing.Text })
        {
            text.Should().NotContain(Password).And.NotContain(Next);
        }

        File.ReadAllText(tree.ConfigPath).Should().Contain(Next);
    }

    [Fact]
    public async Task PutPlatform_TwoEditsOnOneETag_OneWinsTheOtherIsRefusedNotMerged()
    {
        using var tree = Tree(redis.Endpoint);
        var before = SaveWithComments(tree);
        await using var host = await StartAsync(redis, tree);
        var etag = SettingsFile.ETagOf(Encoding.UTF8.GetBytes(before));

        var answers = await Task.WhenAll(
            SendAsync(host.Client, HttpMethod.Put, "/admin/platform/PORT", new { value = 4001, reason = "a" }, etag),
            SendAsync(host.Client, HttpMethod.Put, "/admin/platform/DOMAIN", new { value = "b.test", reason = "b" }, etag));

        answers.Select(a => a.Response.StatusCode).Should().BeEquivalentTo([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed]);
        var after = File.ReadAllText(tree.ConfigPath);
        (after.Contains("4001", StringComparison.Ordinal) ^ after.Contains("b.test", StringComparison.Ordinal)).Should().BeTrue("exactly one change is written");
    }

    [Fact]
    public async Task PutPlatform_DeclaredEntryWithoutValue_ValueInsertedAndTheFileLoadsAgain()
    {
        using var tree = Tree(redis.Endpoint);
        SaveWithComments(tree);
        await using var host = await StartAsync(redis, tree);
        // Declared by hand with its description and type, no value yet: the file does not load until it has one.
        var declared = File.ReadAllText(tree.ConfigPath).Replace(
            "    \"PORT\": {", "    \"WORKERS\": {\n      \"description\": \"How many.\",\n      \"type\": \"integer\"\n    },\n    \"PORT\": {", StringComparison.Ordinal);
        File.WriteAllText(tree.ConfigPath, declared);

        var get = await SendAsync(host.Client, HttpMethod.Get, "/admin/platform");
        var put = await SendAsync(host.Client, HttpMethod.Put, "/admin/platform/WORKERS", new { value = 4, reason = "first value" }, ETag(get.Response));

        get.Response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        get.Text.Should().Contain("WORKERS");
        put.Response.StatusCode.Should().Be(HttpStatusCode.OK);
        put.Json.GetProperty("change").GetString().Should().Be("WORKERS: (no value) → 4");
        File.ReadAllText(tree.ConfigPath).Should().Be(declared.Replace(
            "\"WORKERS\": {\n      \"description\"", "\"WORKERS\": {\n      \"value\": 4,\n      \"description\"", StringComparison.Ordinal));
    }
}
