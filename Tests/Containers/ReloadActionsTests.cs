using PryvBus.Follower.Containers;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Containers;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ReloadActionsTests
{
    private static readonly Dictionary<string, ComponentSpec> Declared = new(StringComparer.Ordinal)
    {
        ["nginx"] = new(new ReloadAction(ReloadKind.Signal, "HUP", [], 10), new ComponentCheck(["nginx", "-t"], 20)),
    };

    [Fact]
    public void Set_ThenANewProcess_ReadsTheSameActions()
    {
        using var temp = new TempDirectory();
        new ReloadActions(temp.Path).Set(Declared);

        var after = new ReloadActions(temp.Path).Current;

        after["nginx"].Reload.Signal.Should().Be("HUP");
        new PendingRestarts(temp.Path).Actions.Current.Should().ContainKey("nginx");
    }

    [Fact]
    public void Set_NothingDeclared_RemovesTheRecord()
    {
        using var temp = new TempDirectory();
        new ReloadActions(temp.Path).Set(Declared);

        new ReloadActions(temp.Path).Set(new Dictionary<string, ComponentSpec>());

        new ReloadActions(temp.Path).Current.Should().BeEmpty();
    }

    [Fact]
    public void Load_GarbageFile_MeansRestart()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(temp.Path, ".pryvbus"));
        File.WriteAllText(Path.Combine(temp.Path, ".pryvbus", "actions.json"), """{"nginx":{"reload":{"action":"signal","signal":"KILL"}}}""");

        new ReloadActions(temp.Path).Current.Should().BeEmpty();
    }
}
