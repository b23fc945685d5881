using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Watching;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// The leader's loop stores a role only while the settings its pass rendered are the ones in force: a value change put
/// in force meanwhile (its own pass stores it) is never taken back by a pass made of the older settings.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class PassInputsTests : IDisposable
{
    private readonly LeaderTree _tree = new LeaderTree().Value("DOMAIN", "old.test");
    private readonly SettingsProvider _provider;

    public PassInputsTests()
    {
        _tree.Save();
        _provider = new SettingsProvider(_tree.ConfigPath, NullLogger<SettingsProvider>.Instance);
    }

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task Settled_SettingsStillInForce_Stores()
    {
        (await PassInputs.Settled(_provider, _provider.Revision, null)()).Should().BeTrue();
    }

    [Fact]
    public async Task Settled_ValueChangePutInForceMeanwhile_NotStored()
    {
        var settled = PassInputs.Settled(_provider, _provider.Revision, null);
        _tree.Value("DOMAIN", "new.test").Save();
        var bytes = File.ReadAllBytes(_tree.ConfigPath);
        _provider.Expect(bytes);
        _provider.TryAdopt(SettingsLoader.Parse(System.Text.Encoding.UTF8.GetString(bytes), _tree.ConfigPath, SettingsEnvironment.Process), bytes)
            .Should().BeTrue();

        (await settled()).Should().BeFalse("the pass rendered old.test, and the value change's own pass stores new.test");
    }

    [Fact]
    public async Task Settled_SameContentReloaded_Stores()
    {
        // POST /admin/render reloads the file: a new settings object of the same content holds no pass back.
        var settled = PassInputs.Settled(_provider, _provider.Revision, null);
        var before = _provider.Current;
        _provider.Reload().Should().BeTrue();

        _provider.Current.Should().NotBeSameAs(before);
        (await settled()).Should().BeTrue();
    }

    [Fact]
    public async Task Settled_FileWatchSawAnEdit_NotStored()
    {
        (await PassInputs.Settled(_provider, _provider.Revision, () => false)()).Should().BeFalse();
    }

    [Fact]
    public async Task Settled_NewerSettingsInForce_TheWatchStillAsked()
    {
        // The watch's guard keeps its own state (a pass after one it held back is never held): it is asked every time.
        var asked = 0;
        var settled = PassInputs.Settled(_provider, _provider.Revision - 1, () =>
        {
            asked++;
            return true;
        });

        (await settled()).Should().BeFalse();
        asked.Should().Be(1);
    }
}
