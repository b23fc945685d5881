using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PryvBus.Leader.Commands;
using PryvBus.Leader.Secrets;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// Issue 11 review L5: a secret that went through a template filter (base64, url or html escape, case, JSON escape,
/// a slice) is printed by neither <c>show</c>, <c>diff</c> nor <c>render --dry-run</c> without <c>--reveal</c>.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class TransformedSecretMaskingTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Filters =
        "plain: {{ secret \"SSO\" }}\n" +
        "b64: {{ secret \"SSO\" | string.base64_encode }}\n" +
        "url: {{ secret \"SSO\" | html.url_encode }}\n" +
        "html: {{ secret \"SSO\" | html.escape }}\n" +
        "upper: {{ secret \"SSO\" | string.upcase }}\n" +
        "slice: {{ secret \"SSO\" | string.slice 0 12 }}\n" +
        "domain: {{ DOMAIN }}\n";

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output + error.ToString());
    }

    private async Task<string> SecretAsync(LeaderTree tree) =>
        (string?)await redis.Db.HashGetAsync(new LeaderHarness(redis, tree).Keys.RoleSecrets("core"), "SSO")
        ?? (string?)await redis.Db.HashGetAsync(new LeaderHarness(redis, tree).Keys.PlatformSecrets, "SSO")
        ?? throw new InvalidOperationException("no secret SSO in Redis");

    private async Task<(LeaderTree Tree, string Config)> RenderedAsync(string template)
    {
        var tree = new LeaderTree(redis.Endpoint)
            .Template("core", "core/conf/core.yml", template)
            .Template("core", "nginx/site.conf", "server_name {{ DOMAIN }};\n");
        var config = tree.Save();
        var render = await RunAsync("render", "--config", config);
        render.Exit.Should().Be(0, render.Output);
        return (tree, config);
    }

    /// <summary>Every form of the secret the template above prints, and a few more a template could.</summary>
    private static string[] Forms(string secret) =>
    [
        secret, Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), WebUtility.UrlEncode(secret), secret.ToUpperInvariant(),
        secret[..12],
    ];

    [Fact]
    public async Task Show_SecretThroughFilters_NoFormPrintedUnlessRevealed()
    {
        var (tree, config) = await RenderedAsync(Filters);
        using var _ = tree;
        var secret = await SecretAsync(tree);

        var shown = await RunAsync("show", "core", "1", "core/conf/core.yml", "--config", config);
        var json = await RunAsync("show", "core", "1", "core/conf/core.yml", "--json", "--config", config);
        var revealed = await RunAsync("show", "core", "1", "core/conf/core.yml", "--reveal", "--config", config);

        shown.Exit.Should().Be(0);
        foreach (var form in Forms(secret))
        {
            shown.Output.Should().NotContain(form);
            json.Output.Should().NotContain(form);
        }

        shown.Output.Should().Contain("holds secrets").And.Contain("--reveal");
        JsonDocument.Parse(json.Output).RootElement.GetProperty("masked").GetBoolean().Should().BeTrue();
        revealed.Output.Should().Contain(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret))).And.Contain("domain: pryv.test");
    }

    [Fact]
    public async Task DiffAndDryRun_SecretThroughFilters_NoFormPrinted()
    {
        var (tree, config) = await RenderedAsync("v1 {{ secret \"SSO\" }}\n");
        using var _ = tree;
        var secret = await SecretAsync(tree);
        tree.Template("core", "core/conf/core.yml", Filters).Save();
        var dryRun = await RunAsync("render", "--dry-run", "--config", config);
        await RunAsync("render", "--config", config);

        var diff = await RunAsync("diff", "core", "1", "2", "--config", config);

        foreach (var form in Forms(secret))
        {
            dryRun.Output.Should().NotContain(form);
            diff.Output.Should().NotContain(form);
        }

        diff.Output.Should().Contain("core/conf/core.yml").And.Contain("holds secrets");
    }

    [Fact]
    public async Task Show_SecretCopiedIntoAnotherFileThroughSharedPlatformData_NotPrinted()
    {
        var tree = new LeaderTree(redis.Endpoint).Value("HOSTS", new JsonArray("a.test"))
            .Template("core", "a.conf", "{{ HOSTS[0] = secret \"SSO\" }}x\n")
            .Template("core", "b.conf", "{{ HOSTS[0] | string.base64_encode }}\n");
        using var _ = tree;
        var config = tree.Save();
        var render = await RunAsync("render", "--config", config);
        render.Exit.Should().Be(0, render.Output);
        var secret = await SecretAsync(tree);

        var shown = await RunAsync("show", "core", "1", "b.conf", "--reveal", "--config", config);
        var masked = await RunAsync("show", "core", "1", "b.conf", "--config", config);

        shown.Output.Should().NotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), "one file's render never changes another's data");
        masked.Output.Should().NotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("base64")]
    [InlineData("url")]
    [InlineData("html")]
    [InlineData("upper")]
    [InlineData("lower")]
    [InlineData("json")]
    public void Mask_CommonTransformOfASecret_IsReplaced(string transform)
    {
        const string value = "Ab+/c&d<e>\"f g'h\\i";
        var form = transform switch
        {
            "base64" => Convert.ToBase64String(Encoding.UTF8.GetBytes(value)),
            "url" => Uri.EscapeDataString(value),
            "html" => WebUtility.HtmlEncode(value),
            "upper" => value.ToUpperInvariant(),
            "lower" => value.ToLowerInvariant(),
            "json" => JsonSerializer.Serialize(value)[1..^1],
            _ => value,
        };

        var masked = new SecretMasker([("NAME", value)]).Mask($"before {form} after");

        masked.Should().Be("before «secret NAME» after");
    }
}
