using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

[Trait(TestCategory.Name, TestCategory.Unit)]
public class SettingsProviderTests
{
    [Fact]
    public void Constructor_InvalidFirstLoad_FailsFast()
    {
        using var tree = new LeaderTree();
        tree.Config["historyLength"] = -1;
        tree.Save();

        var act = () => new SettingsProvider(tree.ConfigPath, NullLogger<SettingsProvider>.Instance);

        act.Should().Throw<SettingsException>().WithMessage("*historyLength*");
    }

    [Fact]
    public void Reload_BadEdit_KeepsLastGoodSettings()
    {
        using var tree = new LeaderTree().Value("DOMAIN", "good.test");
        tree.Save();
        var provider = new SettingsProvider(tree.ConfigPath, NullLogger<SettingsProvider>.Instance);

        File.WriteAllText(tree.ConfigPath, "{ broken");

        provider.Reload().Should().BeFalse();
        provider.Current.Platform["DOMAIN"].Display.Should().Be("good.test");
    }

    [Fact]
    public void Reload_MisspeltKey_KeepsLastGoodSettings()
    {
        // A typo in a later edit is a bad edit like any other: the leader keeps what it had, not a default.
        using var tree = new LeaderTree().Value("DOMAIN", "good.test");
        tree.Config["historyLength"] = 7;
        tree.Save();
        var provider = new SettingsProvider(tree.ConfigPath, NullLogger<SettingsProvider>.Instance);
        tree.Config.Remove("historyLength");
        tree.Config["histroyLength"] = 3;
        tree.Save();

        provider.Reload().Should().BeFalse();
        provider.Current.HistoryLength.Should().Be(7);
    }

    [Fact]
    public void Reload_GoodEdit_TakesEffect()
    {
        using var tree = new LeaderTree().Value("DOMAIN", "old.test");
        tree.Save();
        var provider = new SettingsProvider(tree.ConfigPath, NullLogger<SettingsProvider>.Instance);

        tree.Value("DOMAIN", "new.test").Save();

        provider.Reload().Should().BeTrue();
        provider.Current.Platform["DOMAIN"].Display.Should().Be("new.test");
    }
}
