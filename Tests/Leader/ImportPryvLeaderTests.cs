using System.Diagnostics;
using PryvBus.Leader.Commands;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary><c>import-pryv-leader</c> on small hand-made Pryv trees: what it writes, what it refuses, what it leaves alone.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ImportPryvLeaderTests
{
    private const string Platform = """
        vars:
          MAIN:
            name: "Main settings"
            settings:
              DOMAIN:
                value: pryv.example.com
                description: "Domain of the platform,
                continued on a line indented like the key (as Pryv writes it)"
              APPS:
                value: '*@https://*.DOMAIN*'
                description: "Trusted apps"
              PORT:
                value: 3000
                description: "Port"
              ADMIN_KEY:
                value: adm1n-key-0123456789
                description: "Admin key"
        """;

    private const string Leader = """
        { "internals": { "CORE_SYSTEM_KEY": "c0re-system-key-0123456789" },
          "followers": { "follower-key-0123456789abcdef": { "url": "https://co1.DOMAIN", "role": "core" } } }
        """;

    private static TempDirectory Pryv(string platform = Platform, string template = "domain: DOMAIN\napps: APPS\nport: PORT\nkey: CORE_SYSTEM_KEY\nadmin: ADMIN_KEY\n")
    {
        var folder = new TempDirectory();
        folder.Write("pryv/conf/platform.yml", platform);
        folder.Write("pryv/conf/config-leader.json", Leader);
        folder.Write("pryv/data/core/core/conf/core.yml", template);
        folder.Write("pryv/data/core/core/data/.gitkeep", string.Empty);
        return folder;
    }

    private static async Task<(int Exit, string Output)> ImportAsync(TempDirectory folder)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(["import-pryv-leader", folder.Combine("pryv"), folder.Combine("new")], output, error);
        return (exit, output + error.ToString());
    }

    [Fact]
    public async Task Import_SmallTree_WritesSettingsTemplatesAndSealedKeysWithoutPrintingThem()
    {
        using var folder = Pryv();

        var (exit, output) = await ImportAsync(folder);

        exit.Should().Be(0, output);
        output.Should().NotContain("c0re-system-key-0123456789").And.Contain("reference kept: APPS → DOMAIN").And.Contain("sensitive (never printed): ADMIN_KEY");
        (await File.ReadAllTextAsync(folder.Combine("new", "data", "core", "core", "conf", "core.yml"))).Should().Be(
            "domain: {{ DOMAIN }}\napps: {{ APPS | string.replace \"DOMAIN\" (DOMAIN) }}\nport: {{ PORT | json }}\nkey: {{ secret \"CORE_SYSTEM_KEY\" }}\nadmin: {{ ADMIN_KEY }}\n");
        var config = await File.ReadAllTextAsync(folder.Combine("new", "conf", "config-leader.json"));
        config.Should().Contain("continued on a line indented like the key").And.Contain("// ── Main settings (MAIN)").And.NotContain("c0re-system-key");
        File.Exists(folder.Combine("new", "state", "secrets.enc")).Should().BeTrue();
        Directory.Exists(folder.Combine("new", "data", "core", "core", "data")).Should().BeFalse("placeholders are left out");
    }

    [Fact]
    public async Task Import_SymbolicLinkInData_IsReportedAndNothingIsWritten()
    {
        using var folder = Pryv();
        File.CreateSymbolicLink(folder.Combine("pryv", "data", "core", "core", "conf", "link.yml"), "/etc/passwd");

        var (exit, output) = await ImportAsync(folder);

        exit.Should().Be(1);
        output.Should().Contain("data/core/core/conf/link.yml: a symbolic link: not followed").And.Contain("nothing was written");
        Directory.Exists(folder.Combine("new")).Should().BeFalse();
        Directory.EnumerateFileSystemEntries(folder.Path).Should().ContainSingle("no temporary folder is left behind");
    }

    [Fact]
    public async Task Import_FifoInData_IsReportedNotRead()
    {
        using var folder = Pryv();
        using (var mkfifo = Process.Start("mkfifo", folder.Combine("pryv", "data", "core", "core", "conf", "pipe.yml")))
        {
            await mkfifo.WaitForExitAsync();
        }

        var (exit, output) = await ImportAsync(folder);

        exit.Should().Be(1);
        output.Should().Contain("data/core/core/conf/pipe.yml: not a regular file");
        Directory.Exists(folder.Combine("new")).Should().BeFalse();
    }

    [Fact]
    public async Task Import_ValueReferringToItself_IsReportedAsNotConverted()
    {
        using var folder = Pryv(Platform.Replace("value: pryv.example.com", "value: www.DOMAIN", StringComparison.Ordinal));

        var (exit, output) = await ImportAsync(folder);

        exit.Should().Be(1);
        output.Should().Contain("DOMAIN: refers to itself (DOMAIN → DOMAIN)");
        Directory.Exists(folder.Combine("new")).Should().BeFalse();
    }

    [Fact]
    public async Task Import_NameInsideALongerToken_FollowsPryvsFirstNameInOrder()
    {
        // DOMAIN comes before DOMAIN_ALIAS in Pryv's order, so Pryv replaces "DOMAIN" inside "DOMAIN_ALIAS" too.
        var platform = Platform.Replace("      APPS:", "      DOMAIN_ALIAS:\n        value: alias\n      APPS:", StringComparison.Ordinal);
        using var folder = Pryv(platform, "a: DOMAIN_ALIAS\nb: DOMAIN-bundle.crt\n");

        var (exit, output) = await ImportAsync(folder);

        exit.Should().Be(0, output);
        (await File.ReadAllTextAsync(folder.Combine("new", "data", "core", "core", "conf", "core.yml")))
            .Should().Be("a: {{ DOMAIN }}_ALIAS\nb: {{ DOMAIN }}-bundle.crt\n");
    }

    [Fact]
    public async Task Import_ObjectWithAValueMember_IsReportedAsNotConverted()
    {
        var platform = Platform.Replace("value: 3000", "value:\n          value: 3000", StringComparison.Ordinal);
        using var folder = Pryv(platform);

        var (exit, output) = await ImportAsync(folder);

        exit.Should().Be(1);
        output.Should().Contain("PORT: an object with a 'value' member");
    }

    [Fact]
    public async Task ImportJson_Problems_AreListedAndWrittenIsFalse()
    {
        using var folder = Pryv(Platform.Replace("value: pryv.example.com", "value: 2020-01-01", StringComparison.Ordinal));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await LeaderCommandLine.RunAsync(["import-pryv-leader", folder.Combine("pryv"), folder.Combine("new"), "--json"], output, error);

        exit.Should().Be(1);
        using var json = System.Text.Json.JsonDocument.Parse(output.ToString());
        json.RootElement.GetProperty("written").GetBoolean().Should().BeFalse();
        json.RootElement.GetProperty("problems")[0].GetString().Should().Contain("conf/platform.yml:").And.Contain("'2020-01-01'");
    }

    [Fact]
    public async Task Import_BillionLaughsYaml_IsReportedNotExpanded()
    {
        var laughs = new System.Text.StringBuilder("vars:\n  MAIN:\n    settings:\n      L0:\n        value: &l0 [\"lol\", \"lol\"]\n");
        for (var i = 1; i < 30; i++)
        {
            laughs.Append($"      L{i}:\n        value: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}]\n");
        }

        using var folder = Pryv(laughs.ToString());

        var (exit, output) = await ImportAsync(folder);

        exit.Should().Be(1);
        output.Should().Contain("holds over 100000 items");
    }

    [Fact]
    public async Task Import_ValuesDoublingThroughEachOther_AreReportedNotExpandedForever()
    {
        var platform = new System.Text.StringBuilder("vars:\n  MAIN:\n    settings:\n      V00X:\n        value: xxxxxxxxxxxxxxxx\n");
        for (var i = 1; i < 26; i++)
        {
            platform.Append($"      V{i:D2}X:\n        value: V{i - 1:D2}X-V{i - 1:D2}X\n");
        }

        using var folder = Pryv(platform.ToString(), "v: V25X\n");

        var (exit, output) = await ImportAsync(folder);

        exit.Should().Be(1);
        output.Should().Contain("gives over");
    }

    [Fact]
    public async Task Import_ExistingTarget_IsAUsageError()
    {
        using var folder = Pryv();
        Directory.CreateDirectory(folder.Combine("new"));

        var (exit, output) = await ImportAsync(folder);

        exit.Should().Be(2);
        output.Should().Contain("already exists");
    }

    [Fact]
    public async Task Import_LiteralBracesInATemplate_StayLiteral()
    {
        using var folder = Pryv(Platform, "x: '{{not scriban}} {%{raw}%} {DOMAIN}'\n");

        var (exit, output) = await ImportAsync(folder);

        exit.Should().Be(0, output);
    }

    [Fact]
    public async Task Import_SettingsHoldingFollowerKeys_AreWrittenWithMode0600()
    {
        using var folder = Pryv();

        var (exit, output) = await ImportAsync(folder);

        exit.Should().Be(0, output);
        File.GetUnixFileMode(folder.Combine("new", "conf", "config-leader.json")).Should().Be(
            UnixFileMode.UserRead | UnixFileMode.UserWrite, "the file holds the follower keys (docs/settings.md, file modes)");
    }
}
