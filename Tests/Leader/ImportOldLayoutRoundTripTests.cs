using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PryvBus.Leader.Commands;
using PryvBus.Leader.Migration;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// Issue 14, old layout: an old per-machine tree made by substituting plausible values into Pryv's templates, imported
/// into the tree <c>import-pryv-leader</c> made (its templates removed) with the <c>--prefer</c> choices the report
/// asks for, renders back every file byte for byte, and the variables are the right names.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ImportOldLayoutRoundTripTests
{
    [PryvCorpusFact]
    public async Task ImportThenRender_OldClusterLayout_ReproducesEveryFileAndUsesTheRightNames()
    {
        using var folder = new TempDirectory();
        var (config, old, expected) = await PrepareAsync(folder, "cluster");

        var first = await RunAsync("import", old, "--config", config, "--json");
        var second = await RunAsync("import", old, "--config", config, "--prefer", "AUDIT_STORAGE_FILTER");

        first.Exit.Should().Be(1, "two settings share a value: " + first.Output);
        using (var report = JsonDocument.Parse(first.Output))
        {
            report.RootElement.GetProperty("shared").EnumerateArray().Select(s => s.GetProperty("value").GetString()).Should().Equal("accesses.create");
            report.RootElement.GetProperty("held").EnumerateArray().Select(h => h.GetProperty("value").GetString()).Should().Contain(["notice", "single", "1.9.0"]);
            report.RootElement.GetProperty("nearMisses").EnumerateArray().Select(n => n.GetString())
                .Should().Contain("core/nginx/conf/nginx.conf:47: pryv.example.com-bundle.crt (DOMAIN)");
        }

        second.Exit.Should().Be(0, second.Output);
        second.Output.Should().Contain("accesses.create: AUDIT_STORAGE_FILTER.methods.include[0] (--prefer AUDIT_STORAGE_FILTER), not AUDIT_SYSLOG_FILTER.methods.include[0]");
        RenderAll(config).Should().BeEquivalentTo(expected);

        // The register IP changed in one place changes every file that has it, and only those.
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        var setting = json["platform"]!["REG_MASTER_IP_ADDRESS"]!;
        var oldIp = setting["value"]!.GetValue<string>();
        setting["value"] = "198.51.100.77";
        await File.WriteAllTextAsync(config, json.ToJsonString());
        var changed = RenderAll(config);
        var using_ = expected.Where(e => Regex.IsMatch(e.Value, Whole(oldIp))).Select(e => e.Key).ToArray();
        using_.Should().HaveCountGreaterThan(2);
        changed.Where(c => c.Value != expected[c.Key]).Select(c => c.Key).Should().BeEquivalentTo(using_);
        changed.Values.Should().NotContain(v => Regex.IsMatch(v, Whole(oldIp)));
        foreach (var key in using_)
        {
            changed[key].Replace("198.51.100.77", oldIp, StringComparison.Ordinal).Should().Be(expected[key], $"{key}");
        }
    }

    [PryvCorpusFact]
    public async Task ImportThenRender_OldSingleNodeLayout_ReproducesEveryFile()
    {
        using var folder = new TempDirectory();
        var (config, old, expected) = await PrepareAsync(folder, "single-node");

        var first = await RunAsync("import", old, "--config", config, "--json");
        string[] prefer;
        using (var report = JsonDocument.Parse(first.Output))
        {
            prefer = [.. report.RootElement.GetProperty("shared").EnumerateArray()
                .SelectMany(s => new[] { "--prefer", s.GetProperty("names")[0].GetString()! })];
        }

        var second = await RunAsync(["import", old, "--config", config, .. prefer]);

        second.Exit.Should().Be(0, second.Output);
        RenderAll(config).Should().BeEquivalentTo(expected);
    }

    private static string Whole(string value) => $"(?<![0-9A-Za-z_.-]){Regex.Escape(value)}(?![0-9A-Za-z_-])";

    private static Dictionary<(string Role, string Path), string> RenderAll(string config)
    {
        var settings = SettingsLoader.Load(config);
        var state = SecretState.Open(settings, _ => null);
        var result = new Dictionary<(string Role, string Path), string>();
        foreach (var role in settings.Roles())
        {
            var resolver = new SecretResolver(settings, new Dictionary<string, string>(), new Dictionary<string, string>(), default, default, _ => null, role, state);
            var render = new TemplateRenderer().Render(settings, role, resolver);
            render.Errors.Should().BeEmpty();
            resolver.Generated.Should().BeEmpty();
            foreach (var (path, content) in render.Version!.Files)
            {
                result[(role, path)] = Encoding.UTF8.GetString(content);
            }
        }

        return result;
    }

    private static async Task<(string Config, string Old, Dictionary<(string Role, string Path), string> Expected)> PrepareAsync(TempDirectory folder, string flavour)
    {
        var pryv = folder.Combine("pryv");
        PryvCorpus.Install(flavour, pryv);
        var target = folder.Combine("pryvbus");
        var imported = await RunAsync("import-pryv-leader", pryv, target);
        imported.Exit.Should().Be(0, imported.Output);
        foreach (var role in Directory.EnumerateDirectories(Path.Combine(target, "data")))
        {
            // The operator's starting point: the settings and role folders, no template yet.
            Directory.Delete(role, recursive: true);
            Directory.CreateDirectory(role);
        }

        var model = new PryvLeaderModel(pryv);
        var old = folder.Combine("old");
        var expected = new Dictionary<(string Role, string Path), string>();
        foreach (var roleFolder in Directory.EnumerateDirectories(Path.Combine(pryv, "data")))
        {
            var role = Path.GetFileName(roleFolder);
            foreach (var file in Directory.EnumerateFiles(roleFolder, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != ".gitkeep"))
            {
                var relative = Path.GetRelativePath(roleFolder, file).Replace('\\', '/');
                var text = model.Substitute(await File.ReadAllTextAsync(file));
                var oldPath = relative == "pryv.yml"
                    ? Path.Combine(old, OldLayout.FolderOf(role) + ".yml")
                    : Path.Combine([old, OldLayout.FolderOf(role), .. relative.Split('/')]);
                Directory.CreateDirectory(Path.GetDirectoryName(oldPath)!);
                await File.WriteAllTextAsync(oldPath, text);
                expected[(role, relative)] = text;
            }
        }

        return (Path.Combine(target, "conf", "config-leader.json"), old, expected);
    }

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output + error.ToString());
    }
}
