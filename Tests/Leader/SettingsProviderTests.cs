using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

[Trait(TestCategory.Name, TestCategory.Unit)]
public class SettingsProviderTests
{
    private const int SettingsFileOpen = 2202;

    [Fact]
    public void Constructor_InvalidFirstLoad_FailsFast()
    {
        using var tree = new LeaderTree();
        tree.Config["historyLength"] = -1;
        tree.Save();

        var act = () => new SettingsProvider(tree.ConfigPath, NullLogger<SettingsProvider>.Instance);

        act.Should().Throw<SettingsException>().WithMessage("*historyLength*");
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 0)]
    public void Reload_EditedFile_ChangedRaisedUnlessTheProcessWroteItItself(bool expected, int raised)
    {
        using var tree = new LeaderTree().Value("DOMAIN", "one.test");
        tree.Save();
        var provider = new SettingsProvider(tree.ConfigPath, NullLogger<SettingsProvider>.Instance);
        var count = 0;
        provider.Changed += (_, _) => count++;
        var edited = File.ReadAllBytes(tree.ConfigPath).Concat("\n// edited\n"u8.ToArray()).ToArray();

        if (expected)
        {
            provider.Expect(edited);
        }

        File.WriteAllBytes(tree.ConfigPath, edited);
        provider.Reload().Should().BeTrue();
        File.AppendAllText(tree.ConfigPath, "// edited again by hand\n");
        provider.Reload().Should().BeTrue();

        count.Should().Be(raised + 1, "the hand edit after it is always announced");
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

    [Fact]
    public void Constructor_SettingsFileWithAKeyReadableByOthers_WarnsOnceWithTheFix()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x").Follower("core-1", "core", "core-1-key-0123456789abcdef");
        tree.Save();
        File.SetUnixFileMode(tree.ConfigPath, (UnixFileMode)0b110_100_100);
        using var logs = new LogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));

        var provider = new SettingsProvider(tree.ConfigPath, factory.CreateLogger<SettingsProvider>());
        provider.Reload().Should().BeTrue();

        var warning = logs.Ours.Where(e => e.EventId == SettingsFileOpen).Should().ContainSingle("a reload of the same file does not say it again").Subject;
        warning.Level.Should().Be(LogLevel.Warning);
        warning.Message.Should().Contain($"{tree.ConfigPath} holds credentials (followers[0].key)").And.Contain("(mode 644)")
            .And.Contain($"chmod 600 {tree.ConfigPath}").And.Contain("uid the leader runs as (10001 in the image)")
            .And.NotContain("core-1-key-0123456789abcdef");
    }

    [Fact]
    public void Constructor_SettingsFile0600_DoesNotWarn()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x").Follower("core-1", "core", "core-1-key-0123456789abcdef");

        using var logs = LoadedAt(tree, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        logs.Has(SettingsFileOpen).Should().BeFalse();
        logs.Has(1).Should().BeTrue("the settings were loaded");
    }

    [Fact]
    public void Constructor_SettingsFileWithoutCredentialsReadableByOthers_DoesNotWarn()
    {
        // No follower, no admin key, no Redis password in the file: it has nothing to hide.
        using var tree = new LeaderTree();

        using var logs = LoadedAt(tree, (UnixFileMode)0b110_100_100);

        logs.Has(SettingsFileOpen).Should().BeFalse();
        logs.Has(1).Should().BeTrue("the settings were loaded");
    }

    [Fact]
    public void Constructor_SensitiveValueInAFileReadableByOthers_WarnsNamingIt()
    {
        // An operator's password set in the file ("sensitive": true) is a credential too, follower or not.
        using var tree = new LeaderTree().Value("SMTP_PASSWORD", new JsonObject { ["value"] = "smtp-password-0123456789", ["sensitive"] = true });

        using var logs = LoadedAt(tree, (UnixFileMode)0b110_100_100);

        logs.Ours.Where(e => e.EventId == SettingsFileOpen).Should().ContainSingle()
            .Which.Message.Should().Contain("holds credentials (platform.SMTP_PASSWORD.value)").And.NotContain("smtp-password-0123456789");
    }

    /// <summary>The logs of a provider loading <paramref name="tree"/>, saved with <paramref name="mode"/>.</summary>
    private static LogCollector LoadedAt(LeaderTree tree, UnixFileMode mode)
    {
        tree.Save();
        File.SetUnixFileMode(tree.ConfigPath, mode);
        var logs = new LogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        _ = new SettingsProvider(tree.ConfigPath, factory.CreateLogger<SettingsProvider>());
        return logs;
    }
}
