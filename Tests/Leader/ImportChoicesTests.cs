using System.Text.Json;
using System.Text.Json.Nodes;
using PryvBus.Leader.Commands;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// <c>import</c> from the old layout (issue 14): shared values resolved by the operator, JSON keys kept, exclusions,
/// common words and version-like values held back, near misses, broken links, state folders and ignored files.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ImportChoicesTests : IDisposable
{
    private readonly TempDirectory _old = new();
    private readonly LeaderTree _tree = new LeaderTree()
        .Value("REG_MASTER_IP_ADDRESS", "10.0.0.5")
        .Value("REG_PUBLIC_IP_ADDRESS", "10.0.0.5")
        .Value("CORES", new JsonArray(new JsonObject { ["ip"] = "10.0.0.5" }))
        .Value("LOG_LEVEL", "notice")
        .Value("METHOD", "POST")
        .Value("MEDIA", "application/json")
        .Value("TAG", "1.9.0");

    public ImportChoicesTests()
    {
        _old.Write("pryv/register/conf/register.json", "{ \"server\": \"10.0.0.5\", \"pryv.test\": { \"url\": \"https://pryv.test\" } }\n");
        _old.Write("pryv/redis/conf/redis.conf", "loglevel notice\nbind 10.0.0.5\n");
        _old.Write("pryv/nginx/conf/site.conf", "server_name pryv.test;\nssl_certificate /app/secret/pryv.test-bundle.crt;\n"
            + "add_header X-Method POST;\ndefault_type application/json;\n");
        _old.Write("pryv.yml", "services:\n  core:\n    image: pryvio/core:1.9.0\n    ports: [\"3000:3000\"]\n");
    }

    public void Dispose()
    {
        _old.Dispose();
        _tree.Dispose();
    }

    private async Task<(int Exit, string Output)> ImportAsync(params string[] extra)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(["import", _old.Path, "--config", _tree.Save(), .. extra], output, error);
        return (exit, output + error.ToString());
    }

    private static readonly string[] PreferRegister = ["--prefer", "REG_MASTER_IP_ADDRESS"];

    private string Template(string path) => File.ReadAllText(_tree.TemplatePath("singlenode", path));

    [Fact]
    public async Task Import_SharedValueWithoutPreference_ReportsEveryNameAndWritesNothing()
    {
        var (exit, output) = await ImportAsync();

        exit.Should().Be(1, output);
        output.Should().Contain("10.0.0.5").And.Contain("CORES[0].ip").And.Contain("REG_MASTER_IP_ADDRESS").And.Contain("REG_PUBLIC_IP_ADDRESS")
            .And.Contain("--prefer").And.NotContain("problems", "only what stopped the import is listed");
        Directory.Exists(_tree.TemplatePath("singlenode", string.Empty)).Should().BeFalse("nothing is written while a value is ambiguous");
    }

    [Fact]
    public async Task Import_SharedValueWithPreference_UsesThePreferredName()
    {
        var (exit, output) = await ImportAsync(PreferRegister);

        exit.Should().Be(0, output);
        Template("redis/conf/redis.conf").Should().Be("loglevel notice\nbind {{ REG_MASTER_IP_ADDRESS }}\n");
    }

    [Fact]
    public async Task Import_PreferTopLevelName_ChoosesItsMember()
    {
        _tree.Value("REG_MASTER_IP_ADDRESS", "10.0.0.6");

        var (exit, output) = await ImportAsync("--prefer", "CORES");

        exit.Should().Be(0, output);
        Template("redis/conf/redis.conf").Should().Be("loglevel notice\nbind {{ CORES[0].ip }}\n");
    }

    [Fact]
    public async Task Import_JsonFile_KeysStayKeys()
    {
        var (exit, output) = await ImportAsync(PreferRegister);

        exit.Should().Be(0, output);
        Template("register/conf/register.json").Should().Be(
            "{ \"server\": \"{{ REG_MASTER_IP_ADDRESS }}\", \"pryv.test\": { \"url\": \"https://{{ DOMAIN }}\" } }\n");
    }

    [Fact]
    public async Task Import_ExcludedNameAndFiles_AreLeftAlone()
    {
        var (exit, output) = await ImportAsync([.. PreferRegister, "--exclude", "DOMAIN", "--exclude", "pryv/redis/*"]);

        exit.Should().Be(0, output);
        Template("nginx/conf/site.conf").Should().StartWith("server_name pryv.test;\n");
        File.Exists(_tree.TemplatePath("singlenode", "redis/conf/redis.conf")).Should().BeFalse();
        output.Should().Contain("pryv/redis/conf/redis.conf (excluded by --exclude pryv/redis/*)");
    }

    [Fact]
    public async Task Import_ExcludeMatchingNothing_FailsAndWritesNothing()
    {
        var (exit, output) = await ImportAsync([.. PreferRegister, "--exclude", "pryv/nope/*"]);

        exit.Should().Be(1, output);
        output.Should().Contain("pryv/nope/*");
        Directory.Exists(_tree.TemplatePath("singlenode", string.Empty)).Should().BeFalse();
    }

    [Fact]
    public async Task Import_CommonWordsMediaTypesAndVersions_AreReportedNotReplaced()
    {
        var (exit, output) = await ImportAsync([.. PreferRegister, "--json"]);

        exit.Should().Be(0, output);
        Template("redis/conf/redis.conf").Should().StartWith("loglevel notice\n");
        Template("nginx/conf/site.conf").Should().Contain("X-Method POST;\ndefault_type application/json;");
        Template("pryv.yml").Should().Contain("image: pryvio/core:1.9.0");
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("held").EnumerateArray().Select(h => h.GetProperty("name").GetString())
            .Should().BeEquivalentTo("LOG_LEVEL", "MEDIA", "METHOD", "TAG");
    }

    [Fact]
    public async Task Import_ReplaceByNameOrCommon_TemplatesHeldValues()
    {
        var one = await ImportAsync([.. PreferRegister, "--replace", "LOG_LEVEL"]);
        var redis = Template("redis/conf/redis.conf");
        var all = await ImportAsync([.. PreferRegister, "--replace-common", "--force"]);

        one.Exit.Should().Be(0, one.Output);
        all.Exit.Should().Be(0, all.Output);
        redis.Should().StartWith("loglevel {{ LOG_LEVEL }}\n");
        Template("nginx/conf/site.conf").Should().Contain("X-Method {{ METHOD }};\ndefault_type {{ MEDIA }};");
        Template("pryv.yml").Should().Contain("image: pryvio/core:{{ TAG }}");
    }

    [Fact]
    public async Task Import_NumberAskedFor_ReplacedOnlyInValuePositions()
    {
        _old.Write("pryv/core/conf/core.yml", "port: 3000\nnote: listens on 3000 too\nlist: [1, 3000]\n");

        var (exit, output) = await ImportAsync([.. PreferRegister, "--replace", "PORT"]);

        exit.Should().Be(0, output);
        Template("core/conf/core.yml").Should().Be("port: {{ PORT }}\nnote: listens on 3000 too\nlist: [1, {{ PORT }}]\n");
        Template("pryv.yml").Should().Contain("ports: [\"3000:3000\"]");
    }

    [Fact]
    public async Task Import_ValueInsideALongerToken_IsReportedAsNearMiss()
    {
        var (exit, output) = await ImportAsync(PreferRegister);

        exit.Should().Be(0, output);
        Template("nginx/conf/site.conf").Should().Contain("/app/secret/pryv.test-bundle.crt;");
        output.Should().Contain("nginx/conf/site.conf:2: pryv.test-bundle.crt (DOMAIN)");
    }

    [Fact]
    public async Task Import_BrokenLink_IsReportedAndNothingIsWritten()
    {
        File.CreateSymbolicLink(_old.Combine("pryv", "nginx", "conf", "gone.conf"), _old.Combine("nowhere.conf"));

        var (exit, output) = await ImportAsync(PreferRegister);

        exit.Should().Be(1, output);
        output.Should().Contain("pryv/nginx/conf/gone.conf");
        Directory.Exists(_tree.TemplatePath("singlenode", string.Empty)).Should().BeFalse("nothing is written when a file cannot be read");
    }

    [Fact]
    public async Task Import_ComposeFileBrokenLink_IsReportedAndNothingIsWritten()
    {
        File.Delete(_old.Combine("pryv.yml"));
        File.CreateSymbolicLink(_old.Combine("pryv.yml"), _old.Combine("nowhere.yml"));

        var (exit, output) = await ImportAsync(PreferRegister);

        exit.Should().Be(1, output);
        output.Should().Contain("pryv.yml: cannot read");
        Directory.Exists(_tree.TemplatePath("singlenode", string.Empty)).Should().BeFalse("nothing is written when a file cannot be read");
    }

    [Fact]
    public async Task Import_BackupFolderAndEditorFiles_AreListedNotImported()
    {
        _old.Write("pryv/mongodb/backup/dump.tar", "archive");
        _old.Write("pryv/redis/conf/redis.conf~", "old");
        _old.Write("pryv/redis/conf/.redis.conf.swp", "swap");

        var (exit, output) = await ImportAsync(PreferRegister);

        exit.Should().Be(0, output);
        Directory.Exists(_tree.TemplatePath("singlenode", "mongodb/backup")).Should().BeFalse();
        output.Should().Contain("pryv/mongodb/backup/ (state, not configuration").And.Contain("pryv/redis/conf/redis.conf~ (")
            .And.Contain("pryv/redis/conf/.redis.conf.swp (");
    }

    [Fact]
    public async Task Import_PreferTopLevelAndSetting_TopLevelNameWins()
    {
        var (exit, output) = await ImportAsync("--prefer", "CORES", "--prefer", "REG_PUBLIC_IP_ADDRESS");

        exit.Should().Be(0, output);
        Template("redis/conf/redis.conf").Should().Be("loglevel notice\nbind {{ REG_PUBLIC_IP_ADDRESS }}\n");
    }

    [Fact]
    public async Task Import_Fifo_IsReportedNotReadAndNothingIsWritten()
    {
        FileNodes.Fifo(_old.Combine("pryv", "nginx", "conf", "pipe.conf"));

        var (exit, output) = await ImportAsync(PreferRegister).WaitAsync(TimeSpan.FromMinutes(1));

        exit.Should().Be(1, output);
        output.Should().Contain("pryv/nginx/conf/pipe.conf: not a regular file");
        Directory.Exists(_tree.TemplatePath("singlenode", string.Empty)).Should().BeFalse();
    }
}
