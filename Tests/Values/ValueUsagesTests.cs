using System.Text;
using PryvBus.Leader.Values;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Values;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ValueUsagesTests
{
    private const string TokenFile = "app/token.conf";

    [Fact]
    public void Of_ListedTwice_SecretStandInsKeptSoTheFileRendersTheSame()
    {
        using var tree = Tree();
        var usages = new ValueUsages();
        var settings = tree.Load();

        var first = Token(usages.Of(settings));
        var second = Token(usages.Of(settings));

        first.Should().StartWith("token=").And.Be(second, "a stand-in that changed would render, and so list, every secret's file anew");
        Token(ValueUsage.Of(settings)).Should().NotBe(first, "an offline render of its own generates its secrets");
        usages.Of(settings).Files("PORT").Should().Equal("data/core/" + TokenFile);
    }

    [Fact]
    public void Of_SecretSpecChanged_StandInFollowsTheSpec()
    {
        using var tree = Tree();
        var usages = new ValueUsages();
        var before = Token(usages.Of(tree.Load()));

        tree.Secret("API_TOKEN", new() { ["length"] = 40, ["alphabet"] = "hex" });
        var after = Token(usages.Of(tree.Load()));

        before.Should().MatchRegex("^token=[A-Za-z0-9]{32}\n$");
        after.Should().MatchRegex("^token=[0-9a-f]{40}\n$");
    }

    private static LeaderTree Tree() =>
        new LeaderTree().Template("core", TokenFile, "token={{ secret \"API_TOKEN\" }}\n{{ PORT }}").Value("PORT", 3000);

    private static string Token(ValueUsage usage)
    {
        var text = Encoding.UTF8.GetString(usage.Renders.Single(r => r.Role == "core").Version!.Files[TokenFile]);
        return text[..text.IndexOf('\n', StringComparison.Ordinal)] + "\n";
    }
}
