using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Values;

namespace PryvBus.Tests.Leader;

/// <summary>
/// A load takes what an earlier load with no problem read from an entry written exactly alike (<see cref="EntryMemo{T}"/>):
/// what it gives must be what reading the entry gives, and a problem must be found at every load.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class SettingsEntryMemoTests
{
    private static readonly SettingsEnvironment NoVariables = SettingsEnvironment.From(_ => null);

    [Fact]
    public void Parse_TwoEntriesWrittenAlike_EachKeepsItsOwnName()
    {
        using var tree = new LeaderTree().Value("A", 1).Value("B", 1).Secret("S1", new() { ["length"] = 20 }).Secret("S2", new() { ["length"] = 20 });

        for (var load = 0; load < 2; load++)
        {
            var settings = Parse(tree);
            settings.Platform.Should().AllSatisfy(p => p.Value.Name.Should().Be(p.Key), $"load {load}");
            settings.Secrets.Should().AllSatisfy(s => s.Value.Name.Should().Be(s.Key), $"load {load}");
        }
    }

    [Theory]
    [InlineData("descripton", "\"typo\"", "platform.A.descripton")]
    [InlineData("max", "0", "platform.A")]
    public void Parse_EntryWithAProblem_RefusedAtEveryLoad(string key, string json, string named)
    {
        using var tree = new LeaderTree().Value("A", new JsonObject { ["value"] = 1, ["type"] = "integer", [key] = JsonNode.Parse(json) });
        tree.Save();

        for (var load = 0; load < 3; load++)
        {
            var act = () => SettingsLoader.Parse(File.ReadAllText(tree.ConfigPath), tree.ConfigPath, NoVariables);
            act.Should().Throw<SettingsException>().Which.Errors.Should().Contain(e => e.Contains(": " + named, StringComparison.Ordinal), $"load {load}");
        }
    }

    [Fact]
    public void Parse_SecretSpecWithAProblem_RefusedAtEveryLoad()
    {
        using var tree = new LeaderTree().Secret("S", new() { ["length"] = 20, ["alphabet"] = "aa" });

        for (var load = 0; load < 3; load++)
        {
            var act = () => Parse(tree);
            act.Should().Throw<SettingsException>().Which.Errors.Should().Contain(e => e.Contains(": secrets.S.alphabet", StringComparison.Ordinal), $"load {load}");
        }
    }

    [Fact]
    public void Parse_RandomFilesEachLoadedTwice_TheSecondReadsWhatTheFirstRead()
    {
        using var tree = new LeaderTree();
        tree.Save();
        Gen.Int.Sample(seed =>
        {
            var (text, _) = SettingsTextEditProperties.Document(new Random(seed), tree.Prefix);
            var first = SettingsLoader.Parse(text, tree.ConfigPath, NoVariables).Platform;
            var second = SettingsLoader.Parse(text, tree.ConfigPath, NoVariables).Platform;

            second.Keys.Should().BeEquivalentTo(first.Keys, $"seed {seed}");
            foreach (var (name, value) in first)
            {
                second[name].Name.Should().Be(name);
                second[name].Description.Should().Be(value.Description, $"seed {seed}: {name}");
                JsonElement.DeepEquals(second[name].Value, value.Value).Should().BeTrue($"seed {seed}: {name}");
            }
        }, iter: 200);
    }

    private static LeaderSettings Parse(LeaderTree tree) => SettingsLoader.Parse(File.ReadAllText(tree.Save()), tree.ConfigPath, NoVariables);
}
