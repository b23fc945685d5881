using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// The first sync after a start, on a root already at the applied version: each <see cref="ConfigApplier"/> here is a
/// new process's (nothing kept in memory). The files checked then are recorded by their stamp, so the next start trusts
/// them instead of reading them again; a file edited by hand while the follower was down is still restored.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ApplyRestartTests : IDisposable
{
    private const int FileCount = 14;
    private readonly TempDirectory _temp = new();
    private readonly FollowerSettings _settings;

    public ApplyRestartTests()
    {
        _settings = ApplySettings.For(_temp.Combine("pryv"));
    }

    public void Dispose() => _temp.Dispose();

    private static string PathOf(int i) => $"component{i % 5}/conf/file{i}.conf";

    private static VerifiedVersion Version(long serial) =>
        TestVersion.Of(serial, Enumerable.Range(0, FileCount).ToDictionary(PathOf, i => $"setting {i} = value\n"));

    private string Full(int i) => Path.Combine(_settings.ConfigRoot, PathOf(i));

    /// <summary>A new process's applier: nothing of an earlier plan or manifest read kept.</summary>
    private ConfigApplier Started() => new(_settings, NullLogger<ConfigApplier>.Instance);

    private Manifest OnDisk() => Started().ReadApplied()!;

    /// <summary>Until every file's change time is out of the racy window, so a stamp taken now may be recorded.</summary>
    private async Task WaitStampsRecordableAsync() =>
        await Wait.UntilAsync(
            () => Enumerable.Range(0, FileCount).All(i => FileStamp.Of(Full(i))!.Value.Recordable(DateTimeOffset.UtcNow) is not null),
            TimeSpan.FromSeconds(10),
            "the files' change times to leave the racy window");

    [Fact]
    public async Task Apply_FirstSyncAfterAStartOnTheAppliedVersion_RecordsTheStampsItChecked()
    {
        Started().Apply(Version(1));
        OnDisk().Files.Values.Should().OnlyContain(e => e.Stamp == null, "files just written are not trusted by their stamp yet");
        await WaitStampsRecordableAsync();

        var result = Started().Apply(Version(1));

        result.Written.Should().BeEmpty();
        result.ChangedPaths.Should().BeEmpty("nothing changed: no container is owed a restart");
        var manifest = OnDisk();
        manifest.Files.Values.Should().OnlyContain(e => e.Stamp != null, "the files checked on the first sync are recorded, so the next start trusts them");
        manifest.Serial.Should().Be(1);
    }

    [Fact]
    public async Task Apply_SecondStartOnTheAppliedVersion_WritesNothingAndRecordsNothing()
    {
        Started().Apply(Version(1));
        await WaitStampsRecordableAsync();
        Started().Apply(Version(1));
        var recorded = File.ReadAllBytes(Path.Combine(_settings.ConfigRoot, ".pryvbus", ManifestStore.ManifestFile));

        var result = Started().Apply(Version(1));

        result.Written.Should().BeEmpty();
        File.ReadAllBytes(Path.Combine(_settings.ConfigRoot, ".pryvbus", ManifestStore.ManifestFile)).Should().Equal(recorded, "every stamp matched: nothing to record");
        File.Exists(Path.Combine(_settings.ConfigRoot, ".pryvbus", ManifestStore.DeltaFile)).Should().BeFalse();
    }

    [Fact]
    public async Task Apply_FileEditedByHandWhileStopped_IsRestoredAtTheNextStart()
    {
        Started().Apply(Version(1));
        await WaitStampsRecordableAsync();
        Started().Apply(Version(1));
        OnDisk().Files.Values.Should().OnlyContain(e => e.Stamp != null);

        // Same size, same inode: only the change time tells.
        File.WriteAllText(Full(3), "setting 3 = VALUE\n");

        var result = Started().Apply(Version(1));

        result.Written.Should().Equal(PathOf(3));
        File.ReadAllText(Full(3)).Should().Be("setting 3 = value\n");
    }
}
