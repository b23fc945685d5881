using System.Text.Json;
using PryvBus.Leader.Commands;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>Issue 11 item 6: <c>show</c> and <c>diff</c> print no secret without <c>--reveal</c>, whatever its source.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class ShowMaskingTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string KeyMaterial = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7private";

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output + error.ToString());
    }

    /// <summary>A secret named for this test only, set in the process environment (the command line reads it there).</summary>
    private sealed class EnvironmentSecret : IDisposable
    {
        public EnvironmentSecret()
        {
            Environment.SetEnvironmentVariable("PRYVBUS_SECRET_" + Name, Value);
        }

        public string Name { get; } = "ENV_" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

        public string Value { get; } = "from-the-environment-" + Guid.NewGuid().ToString("N");

        public void Dispose() => Environment.SetEnvironmentVariable("PRYVBUS_SECRET_" + Name, null);
    }

    private LeaderTree Tree(EnvironmentSecret secret) => new LeaderTree(redis.Endpoint)
        .Template("core", "nginx/conf/secret/site-key.pem", $"-----BEGIN PRIVATE KEY-----\n{KeyMaterial}\n-----END PRIVATE KEY-----\n")
        .Template("core", "core/conf/core.yml", $"domain: {{{{ DOMAIN }}}}\nkey: {{{{ secret \"{secret.Name}\" }}}}\n")
        .Template("core", "nginx/conf/site.conf", "server_name {{ DOMAIN }};\n");

    [Fact]
    public async Task Show_SecretPathFile_MaskedUnlessRevealed()
    {
        using var secret = new EnvironmentSecret();
        using var tree = Tree(secret);
        var config = tree.Save();
        await RunAsync("render", "--config", config);

        var masked = await RunAsync("show", "core", "1", "nginx/conf/secret/site-key.pem", "--config", config);
        var json = await RunAsync("show", "core", "1", "nginx/conf/secret/site-key.pem", "--json", "--config", config);
        var revealed = await RunAsync("show", "core", "1", "nginx/conf/secret/site-key.pem", "--reveal", "--json", "--config", config);

        masked.Should().Be((0, masked.Output));
        masked.Output.Should().NotContain(KeyMaterial).And.Contain("secret file").And.Contain("--reveal");
        JsonDocument.Parse(json.Output).RootElement.GetProperty("content").GetString().Should().NotContain(KeyMaterial);
        JsonDocument.Parse(json.Output).RootElement.GetProperty("masked").GetBoolean().Should().BeTrue();
        JsonDocument.Parse(revealed.Output).RootElement.GetProperty("content").GetString().Should().Contain(KeyMaterial);
        JsonDocument.Parse(revealed.Output).RootElement.GetProperty("masked").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Show_ValueFromTheEnvironment_MaskedUnlessRevealed()
    {
        using var secret = new EnvironmentSecret();
        using var tree = Tree(secret);
        var config = tree.Save();
        await RunAsync("render", "--config", config);

        var masked = await RunAsync("show", "core", "1", "core/conf/core.yml", "--config", config);
        var json = await RunAsync("show", "core", "core/conf/core.yml", "--json", "--config", config);
        var revealed = await RunAsync("show", "core", "1", "core/conf/core.yml", "--reveal", "--config", config);

        masked.Output.Should().StartWith("(holds secrets: ").And.NotContain(secret.Value);
        JsonDocument.Parse(json.Output).RootElement.GetProperty("masked").GetBoolean().Should().BeTrue();
        revealed.Output.Should().Be($"domain: pryv.test\nkey: {secret.Value}\n");
    }

    [Fact]
    public async Task Show_FileWithoutSecrets_IsNotCalledMasked()
    {
        using var secret = new EnvironmentSecret();
        using var tree = Tree(secret);
        var config = tree.Save();
        await RunAsync("render", "--config", config);

        var json = await RunAsync("show", "core", "nginx/conf/site.conf", "--json", "--config", config);

        JsonDocument.Parse(json.Output).RootElement.GetProperty("masked").GetBoolean().Should().BeFalse();
        JsonDocument.Parse(json.Output).RootElement.GetProperty("content").GetString().Should().Be("server_name pryv.test;\n");
    }

    [Fact]
    public async Task Diff_SecretFilesAndEnvironmentValues_NotPrintedUnlessRevealed()
    {
        using var secret = new EnvironmentSecret();
        using var tree = Tree(secret);
        var config = tree.Save();
        await RunAsync("render", "--config", config);
        tree.Template("core", "nginx/conf/secret/site-key.pem", $"{KeyMaterial}-renewed\n")
            .Template("core", "nginx/conf/site.conf", $"server_name {{{{ DOMAIN }}}}; # {{{{ secret \"{secret.Name}\" }}}}\n").Save();
        await RunAsync("render", "--config", config);

        var diff = await RunAsync("diff", "core", "1", "2", "--config", config);
        var revealed = await RunAsync("diff", "core", "1", "2", "--reveal", "--config", config);

        diff.Output.Should().Contain("nginx/conf/secret/site-key.pem").And.NotContain(KeyMaterial).And.NotContain(secret.Value);
        revealed.Output.Should().Contain(KeyMaterial).And.Contain(secret.Value);
    }

    [Fact]
    public async Task Show_OldVersionAfterRotation_PrintsNoRotatedOutValue()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "core/conf/core.yml", "sso: {{ secret \"SSO\" }}\n");
        var config = tree.Save();
        await RunAsync("render", "--config", config);
        var old = (string?)await redis.Db.HashGetAsync(new LeaderHarness(redis, tree).Keys.RoleSecrets("core"), "SSO");

        var rotate = await RunAsync("secrets", "rotate", "SSO", "--config", config);
        var masked = await RunAsync("show", "core", "1", "core/conf/core.yml", "--config", config);

        rotate.Output.Should().Contain("core: stored serial 2");
        masked.Output.Should().StartWith("(holds secrets: ").And.NotContain(old!);
    }
}
