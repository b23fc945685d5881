using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using PryvBus.Follower.Settings;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;
using Xunit.Abstractions;
using FollowerSettingsException = PryvBus.Follower.Settings.SettingsException;
using LeaderSettingsException = PryvBus.Leader.Settings.SettingsException;

namespace PryvBus.Tests.Shared;

/// <summary>
/// Both settings readers against thousands of generated documents and environments: only the settings exception
/// escapes, every problem is one line naming its file (or "environment") and a key, and an accepted document never
/// holds a key the program does not read. CsCheck prints the seed of a failing input so a run can be replayed.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class SettingsPropertyTests(ITestOutputHelper output) : IDisposable
{
    public const int Documents = 10_000;
    public const int GarbageTexts = 5_000;

    private static readonly HashSet<string> LeaderRoot =
        ["redis", "keyPrefix", "templatesPath", "stateDirectory", "historyLength", "watchDebounceMs", "checkIntervalSeconds",
         "watch", "platform", "secrets", "followers", "http", "acl", "validation"];

    private static readonly HashSet<string> FollowerRoot =
        ["id", "role", "key", "keyPrefix", "redis", "configRoot", "pollIntervalSeconds", "pollJitter", "metricsPort", "files", "containers", "composePolicy"];

    private readonly LeaderTree _tree = new LeaderTree().Template("core", "a.conf", "x");
    private int _accepted;

    [Fact]
    public void LeaderParse_GeneratedDocuments_OnlySettingsErrorsEachNamingAKey()
    {
        Gen.Select(SettingsDocuments.Document, SettingsDocuments.Environment).Sample(
            (text, environment) => CheckLeader(text, environment, mustBeJson: true),
            iter: Documents,
            threads: 1,
            writeLine: output.WriteLine,
            print: t => SettingsDocuments.Show(t.Item1));
        output.WriteLine($"{_accepted} of {Documents} documents accepted");
        _accepted.Should().BePositive("some generated documents are valid, so 'an accepted document has no unread key' is exercised");
    }

    [Fact]
    public void FollowerParse_GeneratedDocuments_OnlySettingsErrorsEachNamingAKey()
    {
        Gen.Select(SettingsDocuments.FollowerDocument, SettingsDocuments.Environment).Sample(
            (text, environment) => CheckFollower(text, environment, mustBeJson: true),
            iter: Documents,
            threads: 1,
            writeLine: output.WriteLine,
            print: t => SettingsDocuments.Show(t.Item1));
        output.WriteLine($"{_accepted} of {Documents} documents accepted");
        _accepted.Should().BePositive("some generated documents are valid, so 'an accepted document has no unread key' is exercised");
    }

    [Fact]
    public void BothParsers_Garbage_OnlySettingsErrors() =>
        Gen.Select(SettingsDocuments.Garbage, SettingsDocuments.Environment).Sample(
            (text, environment) =>
            {
                CheckLeader(text, environment, mustBeJson: false);
                CheckFollower(text, environment, mustBeJson: false);
            },
            iter: GarbageTexts,
            threads: 1,
            writeLine: output.WriteLine,
            print: t => SettingsDocuments.Show(t.Item1));

    public void Dispose() => _tree.Dispose();

    private void CheckLeader(string text, Dictionary<string, string> environment, bool mustBeJson)
    {
        try
        {
            var settings = SettingsLoader.Parse(text, _tree.ConfigPath, SettingsEnvironment.From(environment));
            NoUnreadKey(text, LeaderRoot, ["platform", "secrets"]);
            settings.ToString().Should().NotBeNull();
            _accepted++;
        }
        catch (LeaderSettingsException ex)
        {
            EveryErrorNamesAKey(ex.Errors, "config-leader.json", mustBeJson);
        }
    }

    private void CheckFollower(string text, Dictionary<string, string> environment, bool mustBeJson)
    {
        try
        {
            FollowerSettingsLoader.Parse(text, "config-follower.json", SettingsEnvironment.From(environment));
            NoUnreadKey(text, FollowerRoot, ["containers"]);
            _accepted++;
        }
        catch (FollowerSettingsException ex)
        {
            EveryErrorNamesAKey(ex.Errors, "config-follower.json", mustBeJson);
        }
    }

    private static void EveryErrorNamesAKey(IReadOnlyList<string> errors, string file, bool mustBeJson)
    {
        errors.Should().NotBeEmpty("a refused document says why");
        foreach (var error in errors)
        {
            error.Should().NotContainAny(["\n", "\r"], "one problem is one line");
            if (!mustBeJson && error.StartsWith(file + ":", StringComparison.Ordinal) && error.Contains(": invalid JSON: ", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = error.Split(": ", 3);
            parts.Should().HaveCount(3, $"'{error}' reads 'file: key: message'");
            parts[0].Should().BeOneOf(file, SettingsErrors.EnvironmentSource);
            parts[1].Should().NotBeNullOrWhiteSpace($"'{error}' names a key");
            parts[2].Should().NotBeNullOrWhiteSpace();
        }
    }

    /// <summary>An accepted document holds only keys its program reads (maps such as platform hold names, not keys).</summary>
    private static void NoUnreadKey(string text, HashSet<string> rootKeys, string[] maps)
    {
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        var root = JsonNode.Parse(text, documentOptions: options)!.AsObject();
        root.Select(p => p.Key).Should().BeSubsetOf(rootKeys);
        foreach (var (name, section) in root.Where(p => p.Value is JsonObject && !maps.Contains(p.Key)))
        {
            section!.AsObject().Select(p => p.Key).Should().NotContain(k => !SettingsDocuments.KnownKeys.Contains(k), $"{name} has only known keys");
        }
    }
}
