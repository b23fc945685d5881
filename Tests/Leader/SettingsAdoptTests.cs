using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// The values' writer puts its own write in force without reading the file again (<see cref="SettingsProvider.TryAdopt"/>),
/// unless a reload put other content in force meanwhile: an edit made by hand at that moment is never hidden.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class SettingsAdoptTests
{
    [Fact]
    public void TryAdopt_OwnWrite_InForceWithoutChangedAndTheNextReloadAgrees()
    {
        var (tree, provider, changed) = Start();
        using var owned = tree;

        var (bytes, parsed) = Edit(tree, "new.test");
        provider.Expect(bytes);
        File.WriteAllBytes(tree.ConfigPath, bytes);

        provider.TryAdopt(parsed, bytes).Should().BeTrue();
        provider.Current.Should().BeSameAs(parsed);
        provider.Reload().Should().BeTrue();
        provider.Current.Platform["DOMAIN"].Display.Should().Be("new.test");
        changed.Should().BeEmpty("the writer recorded its change; the file holds nothing else");
    }

    [Fact]
    public void TryAdopt_WatchReloadedTheOwnWriteFirst_Adopted()
    {
        var (tree, provider, changed) = Start();
        using var owned = tree;

        var (bytes, parsed) = Edit(tree, "new.test");
        provider.Expect(bytes);
        File.WriteAllBytes(tree.ConfigPath, bytes);
        provider.Reload().Should().BeTrue(); // the file watch's pass, first

        provider.TryAdopt(parsed, bytes).Should().BeTrue();
        provider.Current.Platform["DOMAIN"].Display.Should().Be("new.test");
        changed.Should().BeEmpty();
    }

    [Fact]
    public void TryAdopt_HandEditReloadedMeanwhile_RefusedAndTheHandEditStays()
    {
        var (tree, provider, changed) = Start();
        using var owned = tree;

        var (bytes, parsed) = Edit(tree, "api.test");
        provider.Expect(bytes);
        File.WriteAllBytes(tree.ConfigPath, bytes);
        tree.Value("DOMAIN", "hand.test").Save(); // an operator's editor saves right after the API's write
        provider.Reload().Should().BeTrue();      // and the file watch puts it in force

        provider.TryAdopt(parsed, bytes).Should().BeFalse();
        provider.Current.Platform["DOMAIN"].Display.Should().Be("hand.test");
        changed.Should().HaveCount(1, "the hand edit is announced once");
        provider.Reload().Should().BeTrue();
        changed.Should().HaveCount(1, "and not a second time");

        provider.ExpectNothing(); // the values API's fallback: its write is gone
        File.WriteAllBytes(tree.ConfigPath, bytes); // the API's bytes saved again, by hand (an editor's undo)
        provider.Reload().Should().BeTrue();
        changed.Should().Equal(["hand.test", "api.test"], "bytes saved by hand are an edit by hand, whoever wrote them first");
    }

    [Fact]
    public void Reload_HandEditLoadedWhileTheOwnWriteIsOnItsWay_EachRecordedOnce()
    {
        var (tree, provider, changed) = Start();
        using var owned = tree;

        tree.Value("DOMAIN", "hand.test").Save();   // saved by hand, not loaded yet
        var (bytes, parsed) = Edit(tree, "api.test"); // the API edits what is on disk
        provider.Expect(bytes);
        provider.Reload().Should().BeTrue();        // the watch loads the hand edit now
        File.WriteAllBytes(tree.ConfigPath, bytes);  // then the API's write lands

        provider.TryAdopt(parsed, bytes).Should().BeFalse();
        provider.Reload().Should().BeTrue();         // the API's fallback: the file as it is now
        provider.Current.Platform["DOMAIN"].Display.Should().Be("api.test");
        changed.Should().Equal(["hand.test"], "the hand edit is announced; the API's own write is recorded by the API");
    }

    [Fact]
    public void ExpectNothing_WriteRefused_SameBytesSavedByHandLaterAreAnnounced()
    {
        var (tree, provider, changed) = Start();
        using var owned = tree;

        var (bytes, _) = Edit(tree, "new.test");
        provider.Expect(bytes);
        provider.ExpectNothing(); // the API's write was refused (stale ETag): nothing written
        File.WriteAllBytes(tree.ConfigPath, bytes);
        provider.Reload().Should().BeTrue();

        changed.Should().HaveCount(1);
    }

    [Fact]
    public void LoadedFrom_TheBytesInForce_TheSettingsInForceAndNothingElse()
    {
        var (tree, provider, _) = Start();
        using var owned = tree;
        var inForce = File.ReadAllBytes(tree.ConfigPath);

        var (edited, _) = Edit(tree, "new.test");
        var broken = "{ not json"u8.ToArray();

        provider.LoadedFrom(inForce, provider.Environment).Should().BeSameAs(provider.Current);
        provider.LoadedFrom(edited, provider.Environment).Should().BeNull("an edit not loaded yet");
        provider.LoadedFrom(inForce, SettingsEnvironment.From(_ => null)).Should().BeNull("another environment may read the file otherwise");
        File.WriteAllBytes(tree.ConfigPath, broken);
        provider.Reload().Should().BeFalse();
        provider.LoadedFrom(broken, provider.Environment).Should().BeNull("a file with problems is never in force");
    }

    /// <summary>A tree with DOMAIN = old.test, its provider, and the DOMAIN of every settings announced as changed.</summary>
    private static (LeaderTree Tree, SettingsProvider Provider, List<string> Changed) Start()
    {
        var tree = new LeaderTree().Value("DOMAIN", "old.test");
        tree.Save();
        var provider = new SettingsProvider(tree.ConfigPath, NullLogger<SettingsProvider>.Instance);
        var changed = new List<string>();
        provider.Changed += (_, now) => changed.Add(now.Platform["DOMAIN"].Display);
        return (tree, provider, changed);
    }

    /// <summary>The file's bytes with DOMAIN set, and their parse as the values' writer makes it.</summary>
    private static (byte[] Bytes, LeaderSettings Parsed) Edit(LeaderTree tree, string domain)
    {
        var original = File.ReadAllBytes(tree.ConfigPath);
        tree.Value("DOMAIN", domain).Save();
        var bytes = File.ReadAllBytes(tree.ConfigPath);
        File.WriteAllBytes(tree.ConfigPath, original);
        return (bytes, SettingsLoader.Parse(System.Text.Encoding.UTF8.GetString(bytes), tree.ConfigPath, SettingsEnvironment.Process));
    }
}
