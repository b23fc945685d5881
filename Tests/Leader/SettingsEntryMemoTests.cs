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
    public void Parse_RandomFilesEachLoadedTwice_BothReadWhatTheFileSays()
    {
        using var tree = new LeaderTree();
        tree.Save();
        Gen.Int.Sample(seed =>
        {
            var (text, _) = SettingsTextEditProperties.Document(new Random(seed), tree.Prefix);
            var written = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!["platform"]!.AsObject();
            for (var load = 0; load < 2; load++)
            {
                var platform = SettingsLoader.Parse(text, tree.ConfigPath, NoVariables).Platform;
                platform.Keys.Should().BeEquivalentTo(written.Select(p => p.Key), $"seed {seed}, load {load}");
                foreach (var (name, entry) in written)
                {
                    var (value, description) = entry is JsonObject documented ? (documented["value"], documented["description"]?.GetValue<string>()) : (entry, null);
                    platform[name].Name.Should().Be(name);
                    platform[name].Description.Should().Be(description, $"seed {seed}, load {load}: {name}");
                    JsonElement.DeepEquals(platform[name].Value, JsonSerializer.SerializeToElement(value)).Should().BeTrue($"seed {seed}, load {load}: {name}");
                }
            }
        }, iter: 200);
    }

    [Fact]
    public void Parse_SensitiveValue_NeverKept()
    {
        using var tree = new LeaderTree().Value("PASSWORD", new JsonObject { ["value"] = "Zq8-memo-sensitive", ["sensitive"] = true });
        var settings = Parse(tree);

        settings.Platform["PASSWORD"].Sensitive.Should().BeTrue();
        using var document = JsonDocument.Parse(File.ReadAllText(tree.ConfigPath));
        var entry = document.RootElement.GetProperty("platform").GetProperty("PASSWORD");
        PlatformReader.Memo.Find(EntryMemo<PlatformValue>.KeyOf("PASSWORD", entry)).Should().BeNull();
    }

    private static LeaderSettings Parse(LeaderTree tree) => SettingsLoader.Parse(File.ReadAllText(tree.Save()), tree.ConfigPath, NoVariables);
}
