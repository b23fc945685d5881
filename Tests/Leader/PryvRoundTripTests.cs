using System.Text;
using PryvBus.Leader.Commands;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// Issue 14's key test: on Pryv's real templates (cluster and single node) with plausible values, rendering the tree
/// <c>import-pryv-leader</c> writes, with the internal keys it sealed, gives every file exactly as Pryv's own leader
/// serves it (<see cref="PryvLeaderModel"/>).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class PryvRoundTripTests
{
    [PryvCorpusFact]
    public Task ImportThenRender_Cluster_ReproducesPryvByteForByte() => RoundTripAsync("cluster", ["core", "reg-master", "reg-slave", "static"]);

    [PryvCorpusFact]
    public Task ImportThenRender_SingleNode_ReproducesPryvByteForByte() => RoundTripAsync("single-node", ["singlenode"]);

    private static async Task RoundTripAsync(string flavour, string[] roles)
    {
        using var folder = new TempDirectory();
        var pryv = folder.Combine("pryv");
        PryvCorpus.Install(flavour, pryv);
        var target = folder.Combine("pryvbus");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await LeaderCommandLine.RunAsync(["import-pryv-leader", pryv, target], output, error);

        exit.Should().Be(0, output + error.ToString());
        var model = new PryvLeaderModel(pryv);
        var settings = SettingsLoader.Load(Path.Combine(target, "conf", "config-leader.json"));
        settings.Roles().Should().Equal(roles);
        var state = SecretState.Open(settings, _ => null);
        var compared = 0;
        foreach (var role in roles)
        {
            var resolver = new SecretResolver(settings, new Dictionary<string, string>(), new Dictionary<string, string>(), default, default, _ => null, role, state);
            var render = new TemplateRenderer().Render(settings, role, resolver);
            render.Errors.Should().BeEmpty();
            resolver.Generated.Should().BeEmpty("every internal key was imported, none is generated");
            var sources = Directory.EnumerateFiles(Path.Combine(pryv, "data", role), "*", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(f) != ".gitkeep")
                .ToDictionary(f => Path.GetRelativePath(Path.Combine(pryv, "data", role), f).Replace('\\', '/'), f => f);
            render.Version!.Files.Keys.Should().BeEquivalentTo(sources.Keys);
            foreach (var (path, source) in sources)
            {
                var expected = model.Substitute(await File.ReadAllTextAsync(source));
                Encoding.UTF8.GetString(render.Version.Files[path]).Should().Be(expected, $"data/{role}/{path}");
                compared++;
            }
        }

        compared.Should().BeGreaterThan(roles.Length == 1 ? 25 : 40);
    }
}
