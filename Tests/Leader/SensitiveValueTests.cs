using System.Text.Json;
using Microsoft.Extensions.Logging;
using System.Text.Json.Nodes;
using PryvBus.Leader.Commands;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>A platform value marked <c>sensitive</c> (an SMTP password, a third party's key) is printed nowhere.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class SensitiveValueTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Password = "smtp-pa55word-7f3a9c";

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output + error.ToString());
    }

    private LeaderTree Tree(string password = Password) => new LeaderTree(redis.Endpoint)
        .Value("SMTP_PASSWORD", new JsonObject { ["value"] = password, ["description"] = "SMTP password", ["sensitive"] = true })
        .Value("SMTP", new JsonObject { ["value"] = new JsonObject { ["user"] = "mailer", ["pass"] = "nested-" + password }, ["sensitive"] = true })
        .Template("core", "core/conf/core.yml", "domain: {{ DOMAIN }}\nsmtp: {{ SMTP_PASSWORD }}\n")
        .Template("core", "mail/conf/mail.json", "{{ SMTP | json }}")
        .Template("core", "nginx/conf/site.conf", "server_name {{ DOMAIN }};\n");

    [Fact]
    public void Load_SensitiveNotABoolean_IsASettingsError()
    {
        using var tree = new LeaderTree().Value("X", new JsonObject { ["value"] = "v", ["sensitive"] = "yes" });

        var act = () => tree.Load();

        act.Should().Throw<SettingsException>().WithMessage("*platform.X.sensitive*true or false*");
    }

    [Fact]
    public void Render_FileUsingASensitiveValue_IsAFileHoldingSecrets()
    {
        using var tree = Tree();
        var settings = tree.Load();

        var render = new TemplateRenderer().Render(settings, "core", SecretResolver.Offline(settings));

        render.Errors.Should().BeEmpty();
        render.Version!.SecretFiles.Should().BeEquivalentTo("core/conf/core.yml", "mail/conf/mail.json");
    }

    [Theory]
    [InlineData("{{ this | json }}")]
    [InlineData("{{ for k in this }}{{ k }}{{ end }}")]
    [InlineData("{{ this | object.values | array.join \",\" }}")]
    public void Render_ThisDumped_WithSensitiveValue_FileIsSecret(string template)
    {
        // The whole globals object cannot be told name by name: the file reads every value, the sensitive one included.
        using var tree = new LeaderTree()
            .Value("PASS", new JsonObject { ["value"] = "hunter2-very-secret", ["sensitive"] = true })
            .Template("core", "a.conf", template)
            .Template("core", "b.conf", "{{ DOMAIN }}");
        var settings = tree.Load();

        var render = new TemplateRenderer().Render(settings, "core", SecretResolver.Offline(settings));

        render.Errors.Should().BeEmpty();
        render.Version!.SecretFiles.Should().Equal("a.conf");
        render.ValuesUsed.Keys.Should().BeEquivalentTo(settings.Platform.Keys);
        render.ValuesUsed["PASS"].Should().Equal("data/core/a.conf");
        render.ValuesUsed["DOMAIN"].Should().Equal("data/core/a.conf", "data/core/b.conf");
    }

    [Fact]
    public void Render_ErrorQuotingASensitiveValue_IsMasked()
    {
        using var tree = new LeaderTree()
            .Value("SMTP_PASSWORD", new JsonObject { ["value"] = Password, ["sensitive"] = true })
            .Template("core", "a.conf", "{{ SMTP_PASSWORD() }}"); // Scriban's message quotes the value it cannot call
        var settings = tree.Load();

        var render = new TemplateRenderer().Render(settings, "core", SecretResolver.Offline(settings));

        render.Errors.Should().ContainSingle().Which.Message.Should().NotContain(Password).And.Contain("«secret SMTP_PASSWORD»");
    }

    [Fact]
    public async Task Run_RenderErrorQuotingASensitiveValue_IsLoggedMasked()
    {
        using var tree = Tree().Template("core", "broken.conf", "{{ SMTP_PASSWORD() }}");
        using var logs = new LogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var pipeline = new PryvBus.Leader.Pipeline.PlatformPipeline(
            redis.Admin, factory.CreateLogger<PryvBus.Leader.Pipeline.PlatformPipeline>(), _ => null);

        var reports = await pipeline.RunAsync(tree.Load(), "test");

        reports.Single(r => r.Role == "core").Failed.Should().BeTrue();
        logs.Entries.Should().Contain(e => e.Message.Contains("«secret SMTP_PASSWORD»"));
        logs.Entries.Should().NotContain(e => e.Message.Contains(Password));
    }

    [Fact]
    public async Task Describe_SensitiveValue_IsNotPrinted()
    {
        using var tree = Tree();

        var text = await RunAsync("describe", "--config", tree.Save());
        var json = await RunAsync("describe", "--json", "--config", tree.ConfigPath);

        text.Output.Should().NotContain(Password).And.Contain("SMTP_PASSWORD = (sensitive: not shown)");
        json.Output.Should().NotContain(Password);
        var value = JsonDocument.Parse(json.Output).RootElement.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "SMTP_PASSWORD");
        value.GetProperty("sensitive").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task ShowDiffAndDryRun_SensitiveValue_AreNeverPrintedUnlessRevealed()
    {
        using var tree = Tree();
        var config = tree.Save();
        var dryRun = await RunAsync("render", "--dry-run", "--config", config);
        await RunAsync("render", "--config", config);
        using var changed = Tree("other-" + Password);
        tree.Value("SMTP_PASSWORD", changed.Config["platform"]!["SMTP_PASSWORD"]!.DeepClone()).Save();
        var dryRunChange = await RunAsync("render", "--dry-run", "--config", config);
        await RunAsync("render", "--config", config);

        var show = await RunAsync("show", "core", "1", "core/conf/core.yml", "--config", config);
        var showJson = await RunAsync("show", "core", "1", "mail/conf/mail.json", "--json", "--config", config);
        var diff = await RunAsync("diff", "core", "1", "2", "--config", config);
        var revealed = await RunAsync("show", "core", "1", "core/conf/core.yml", "--reveal", "--config", config);

        foreach (var (exit, output) in new[] { dryRun, dryRunChange, show, showJson, diff })
        {
            exit.Should().Be(0, output);
            output.Should().NotContain(Password);
        }

        revealed.Output.Should().Contain(Password);
    }
}
