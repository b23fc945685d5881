using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;

namespace PryvBus.Tests.LeaderState;

/// <summary>
/// The leader keeps the secrets it read from <c>secrets.enc</c> between passes and reads the file again only when its
/// stamp changed. The state here is opened with a clock ahead (<see cref="LaterClock"/>), so the file counts as settled at
/// once: each test fails if the cache trusted the size and the modification time, or the inode alone.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class SecretStateStampTests : IDisposable
{
    private const string First = "first-value-0001";
    private const string Second = "other-value-0002";
    private static readonly string Key = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7)).ToArray());
    private readonly LeaderTree _tree = new();
    private readonly LeaderSettings _settings;
    private readonly byte[] _first;
    private readonly byte[] _second;

    public SecretStateStampTests()
    {
        _settings = _tree.Load();

        // Two files of the same size, one holding each value (a fresh nonce each: the bytes differ everywhere).
        _second = Sealed(Second);
        _first = Sealed(First);
    }

    private string FilePath => Path.Combine(_settings.StateDirectory, SecretState.FileName);

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Open_AgainWithTheSameKey_KeepsTheStateOpened()
    {
        var opened = Open();

        SecretState.Open(_settings, Environment, opened).Should().BeSameAs(opened);
    }

    [Fact]
    public void Open_AgainWithAnotherKey_OpensTheFileAnew()
    {
        var opened = Open();
        var otherKey = Convert.ToBase64String(new byte[32]);

        var open = () => SecretState.Open(_settings, name => name == StateKey.KeyVariable ? otherKey : null, opened);

        open.Should().Throw<StateException>("the file was sealed with the first key");
    }

    [Fact]
    public async Task Refresh_FileReplacedKeepingSizeAndModificationSecond_ReadsIt()
    {
        var opened = Open();
        opened.Get(SecretScopes.Platform, "X").Should().Be(First);
        var modified = File.GetLastWriteTimeUtc(FilePath);

        // Another leader or the command line: a new file renamed over the old one.
        await LaterClock.NextTickAsync();
        var temp = FilePath + ".other";
        await File.WriteAllBytesAsync(temp, _second);
        File.Move(temp, FilePath, overwrite: true);
        File.SetLastWriteTimeUtc(FilePath, modified);

        SecretState.Open(_settings, Environment, opened).Get(SecretScopes.Platform, "X").Should().Be(Second);
    }

    [Fact]
    public async Task Refresh_FileRewrittenInPlaceKeepingSizeAndModificationSecond_ReadsIt()
    {
        var opened = Open();
        opened.Get(SecretScopes.Platform, "X").Should().Be(First);
        var modified = File.GetLastWriteTimeUtc(FilePath);

        // A copy over the file (same inode, same size), its time stamp put back.
        await LaterClock.NextTickAsync();
        await File.WriteAllBytesAsync(FilePath, _second);
        File.SetLastWriteTimeUtc(FilePath, modified);

        opened.Refresh();

        opened.Get(SecretScopes.Platform, "X").Should().Be(Second);
    }

    [Fact]
    public async Task Refresh_FileNoLongerOpens_FailsEveryTime()
    {
        var opened = Open();
        await LaterClock.NextTickAsync();
        var garbage = _second.ToArray();
        garbage[^1] ^= 1;
        await File.WriteAllBytesAsync(FilePath, garbage);

        opened.Invoking(s => s.Refresh()).Should().Throw<StateException>();
        opened.Invoking(s => s.Refresh()).Should().Throw<StateException>("a file that did not open is not taken as read");
    }

    private static string? Environment(string name) => name == StateKey.KeyVariable ? Key : null;

    private SecretState Open()
    {
        File.WriteAllBytes(FilePath, _first);
        return SecretState.Open(_settings, Environment, time: new LaterClock(TimeSpan.FromSeconds(10)));
    }

    private byte[] Sealed(string value)
    {
        if (File.Exists(FilePath))
        {
            File.Delete(FilePath);
        }

        SecretState.Open(_settings, Environment).AddAsync([(SecretScopes.Platform, "X", value)]).GetAwaiter().GetResult();
        return File.ReadAllBytes(FilePath);
    }
}
