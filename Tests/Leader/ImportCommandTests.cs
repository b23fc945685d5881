using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PryvBus.Leader.Commands;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ImportCommandTests : IDisposable
{
    private const string CoreYml = "domain: pryv.test\napi: https://api.pryv.test/\nnot: pryv.testing my-pryv.test\n"
        + "ips: 10.0.0.1, 10.0.0.12\nhost: node1.pryv.test\nport: 3000\nraw: {{ keep }} {%{ x }%} }}\n";

    private static readonly byte[] Blob = [0x00, 0x01, .. "pryv.test"u8, 0xFF];

    private readonly TempDirectory _old = new();
    private readonly LeaderTree _tree = new LeaderTree()
        .Value("NODE", new JsonObject { ["value"] = new JsonObject { ["host"] = "node1.pryv.test", ["ip"] = "10.0.0.1" }, ["description"] = "the machine" })
        .Value("UNUSED", "nowhere.example")
        .Value("LANG", "en");

    public ImportCommandTests()
    {
        _old.Write("pryv/core/conf/core.yml", CoreYml);
        _old.Write("pryv/core/data/users.db", "pryv.test user data");
        _old.Write("pryv/core/log/core.log", "started on pryv.test");
        _old.Write("pryv/nginx/conf/site.conf", "server_name *.pryv.test;\nlisten 10.0.0.1:443;\n");
        _old.Write("pryv/nginx/conf/secret/pryv.test-key.pem", "-----BEGIN KEY----- CN=pryv.test -----END KEY-----\n");
        File.WriteAllBytes(_old.Write("pryv/nginx/conf/logo.png", string.Empty), Blob);
        _old.Write("pryv.yml", "services:\n  core:\n    hostname: node1.pryv.test\n");
        _old.Write("run-pryv", "#!/bin/sh\n");
        _old.Write("pryv/notes.txt", "installed by hand");
    }

    public void Dispose()
    {
        _old.Dispose();
        _tree.Dispose();
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private Task<(int Exit, string Output, string Error)> ImportAsync(params string[] extra) =>
        RunAsync(["import", _old.Path, "--config", _tree.Save(), .. extra]);

    private string Template(string path) => File.ReadAllText(_tree.TemplatePath("singlenode", path));

    [Fact]
    public async Task Import_OldSingleNode_ReplacesWholeTokensOfPlatformValues()
    {
        var (exit, _, error) = await ImportAsync();

        exit.Should().Be(0, error);
        Template("core/conf/core.yml").Should().Be(
            "domain: {{ DOMAIN }}\napi: https://api.{{ DOMAIN }}/\nnot: pryv.testing my-pryv.test\n"
            + "ips: {{ NODE.ip }}, 10.0.0.12\nhost: {{ NODE.host }}\nport: 3000\nraw: {{ \"{{\" }} keep }} {{ \"{%{\" }} x }%} }}\n");
        Template("nginx/conf/site.conf").Should().Be("server_name *.{{ DOMAIN }};\nlisten {{ NODE.ip }}:443;\n");
        Template("pryv.yml").Should().Be("services:\n  core:\n    hostname: {{ NODE.host }}\n");
    }

    [Fact]
    public async Task Import_Report_ListsReplacementsAndWhatWasLeftAlone()
    {
        var (_, output, _) = await ImportAsync("--json");

        using var json = JsonDocument.Parse(output);
        var core = json.RootElement.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("template").GetString() == "core/conf/core.yml");
        core.GetProperty("source").GetString().Should().Be("pryv/core/conf/core.yml");
        core.GetProperty("replacements").GetProperty("DOMAIN").GetInt32().Should().Be(2);
        core.GetProperty("replacements").GetProperty("NODE.ip").GetInt32().Should().Be(1);
        core.GetProperty("escapes").GetInt32().Should().Be(2);
        json.RootElement.GetProperty("valuesNotFound").EnumerateArray().Select(v => v.GetString()).Should().Equal("UNUSED");
        json.RootElement.GetProperty("valuesLeftAlone").EnumerateArray().Select(v => v.GetString())
            .Should().BeEquivalentTo("LANG (shorter than 3 characters)", "PORT (not a string)");
        json.RootElement.GetProperty("skipped").EnumerateArray().Select(v => v.GetString()).Should().BeEquivalentTo(
            "pryv/notes.txt (not inside a component folder)",
            "pryv/core/data/ (state, not configuration: see import-data)",
            "pryv/core/log/ (state, not configuration: see import-data)");
    }

    [Fact]
    public async Task Import_TextReport_NamesEachFileAndCount()
    {
        var (_, output, _) = await ImportAsync();

        output.Should().Contain("singlenode:\n");
        output.Should().MatchRegex(@"\+\s+core/conf/core\.yml\s+pryv/core/conf/core\.yml\s+DOMAIN ×2, NODE\.host ×1, NODE\.ip ×1, 2 literal \{\{ escaped");
        output.Should().Contain("values found in no file:\n  UNUSED\n");
    }

    [Fact]
    public async Task Import_ExistingTemplate_IsKeptUnlessForce()
    {
        _tree.Template("singlenode", "core/conf/core.yml", "domain: {{ DOMAIN }}\n");

        var kept = await ImportAsync();
        var keptContent = Template("core/conf/core.yml");
        var forced = await ImportAsync("--force");

        keptContent.Should().Be("domain: {{ DOMAIN }}\n");
        kept.Output.Should().MatchRegex(@"~\s+core/conf/core\.yml");
        forced.Output.Should().MatchRegex(@"!\s+core/conf/core\.yml").And.MatchRegex(@"=\s+nginx/conf/site\.conf");
        Template("core/conf/core.yml").Should().StartWith("domain: {{ DOMAIN }}\napi: https://api.{{ DOMAIN }}/");
    }

    [Fact]
    public async Task Import_BinaryAndSecretFiles_AreCopiedAsTheyAre()
    {
        await ImportAsync();

        File.ReadAllBytes(_tree.TemplatePath("singlenode", "nginx/conf/logo.png")).Should().Equal(Blob);
        Template("nginx/conf/secret/pryv.test-key.pem").Should().Be("-----BEGIN KEY----- CN=pryv.test -----END KEY-----\n");
    }

    [Fact]
    public async Task Import_DataAndLogFolders_AreNotImported()
    {
        await ImportAsync();

        Directory.Exists(_tree.TemplatePath("singlenode", "core/data")).Should().BeFalse();
        Directory.Exists(_tree.TemplatePath("singlenode", "core/log")).Should().BeFalse();
        File.Exists(_old.Combine("pryv", "core", "data", "users.db")).Should().BeTrue("import leaves the old tree alone");
    }

    [Fact]
    public async Task Import_ImportedTree_RendersBackToTheOriginalFiles()
    {
        await ImportAsync();

        // The old core.yml holds text that looks like template syntax (the escapes under test), which is not YAML: the
        // round trip is about the bytes, so that file opts out of the rendered-file validation.
        _tree.Config["validation"] = new JsonObject { ["skip"] = new JsonArray("singlenode/core/conf/core.yml") };
        var settings = _tree.Load();

        var render = new TemplateRenderer().Render(settings, "singlenode", SecretResolver.Offline(settings));

        render.Errors.Should().BeEmpty();
        render.Version!.Files.Keys.Should().BeEquivalentTo("core/conf/core.yml", "nginx/conf/site.conf", "nginx/conf/secret/pryv.test-key.pem", "nginx/conf/logo.png", "pryv.yml");
        foreach (var (path, content) in render.Version.Files)
        {
            var original = path == "pryv.yml" ? _old.Combine("pryv.yml") : _old.Combine(["pryv", .. path.Split('/')]);
            Encoding.UTF8.GetString(content).Should().Be(File.ReadAllText(original), path);
            content.Should().Equal(File.ReadAllBytes(original), path);
        }
    }

    [Fact]
    public async Task Import_ClusterLayout_EachFolderIsARoleAndRoleFilters()
    {
        using var old = new TempDirectory();
        old.Write("core/core/conf/core.json", "{ \"domain\": \"pryv.test\" }");
        old.Write("core.yml", "version: '2'\n");
        old.Write("reg-master/dns/conf/dns.json", "{ \"name\": \"reg.pryv.test\" }");
        old.Write("config-leader/conf/config-leader.json", "{}");

        var (exit, _, _) = await RunAsync("import", old.Path, "--role", "core", "--config", _tree.Save());

        exit.Should().Be(0);
        File.ReadAllText(_tree.TemplatePath("core", "core/conf/core.json")).Should().Be("{ \"domain\": \"{{ DOMAIN }}\" }");
        File.ReadAllText(_tree.TemplatePath("core", "pryv.yml")).Should().Be("version: '2'\n");
        Directory.Exists(_tree.TemplatePath("reg-master", string.Empty)).Should().BeFalse("--role core only");
        Directory.Exists(_tree.TemplatePath("config-leader", string.Empty)).Should().BeFalse("the new layout's own folders are no role");
    }

    [Fact]
    public async Task Import_UnknownRoleOrMissingRoot_IsAUsageError()
    {
        var unknown = await ImportAsync("--role", "nope");
        var missing = await RunAsync("import", _old.Combine("absent"), "--config", _tree.Save());

        unknown.Exit.Should().Be(2);
        unknown.Error.Should().Contain("role 'nope' is not in").And.Contain("found: singlenode");
        missing.Exit.Should().Be(2);
        missing.Error.Should().Contain("is not a folder");
    }
}
