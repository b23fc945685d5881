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
        (await PassInputs.Settled(_provider, _provider.Current, null)()).Should().BeTrue();
    }

    [Fact]
    public async Task Settled_ValueChangePutInForceMeanwhile_NotStored()
    {
        var settled = PassInputs.Settled(_provider, _provider.Current, null);
        _tree.Value("DOMAIN", "new.test").Save();
        var bytes = File.ReadAllBytes(_tree.ConfigPath);
        _provider.Expect(bytes);
        _provider.TryAdopt(SettingsLoader.Parse(System.Text.Encoding.UTF8.GetString(bytes), _tree.ConfigPath, SettingsEnvironment.Process), bytes)
            .Should().BeTrue();

        (await settled()).Should().BeFalse("the pass rendered old.test, and the value change's own pass stores new.test");
    }

    [Fact]
    public async Task Settled_FileWatchSawAnEdit_NotStored()
    {
        var asked = 0;

        (await PassInputs.Settled(_provider, _provider.Current, () => ++asked > 1)()).Should().BeFalse();
        asked.Should().Be(1);
    }
}
