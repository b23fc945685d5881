using PryvBus.Follower.Applying;
using PryvBus.Follower.Fetching;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// An apply writes what changed, whatever the size of the root: in a 2,000-file role, one changed file is one file
/// written, and every other file keeps its inode. Files the follower checked before are trusted by their stamp, which
/// must still catch an edit or a chmod made on disk by hand.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ApplyProportionalTests : IDisposable
{
    private const int LargeRole = 2_000;
    private int _fileCount = 50; // the stamp tests; the large role only where its size is the point
    private readonly TempDirectory _temp = new();
    private readonly ConfigApplier _applier;

    public ApplyProportionalTests()
    {
        _applier = TestApplier.At(_temp.Combine("pryv"));
    }

    public void Dispose()
    {
        _applier.Dispose();
        _temp.Dispose();
    }

    private static string PathOf(int i) => $"component{i % 20}/conf/file{i}.conf";

    private VerifiedVersion Version(long serial, IReadOnlyDictionary<int, string>? changed = null) => TestVersion.Of(
        serial, Enumerable.Range(0, _fileCount).ToDictionary(PathOf, i => changed is not null && changed.TryGetValue(i, out var text) ? text : $"setting {i} = value\n"));

    private string Full(int i) => Path.Combine(_temp.Combine("pryv"), PathOf(i));

    private Dictionary<int, ulong> Inodes() => Enumerable.Range(0, _fileCount).ToDictionary(i => i, i => Inode(Full(i)));

    private static ulong Inode(string path) => FileStamp.Of(path)!.Value.Inode;

    /// <summary>Applies versions until the manifest trusts the stamps of the files (their change time old enough).</summary>
    private async Task<long> SettleAsync(long serial)
    {
        await Wait.UntilAsync(
            () =>
            {
                _applier.Apply(Version(++serial));
                return _applier.ReadApplied()!.Files.Values.All(e => e.Stamp is not null);
            },
            TimeSpan.FromSeconds(20),
            "stamps recorded");
        return serial;
    }

    [Fact]
    public void Apply_TemporaryFilesInTheStateFolder_OnlyTheSyncLoopsOwnAreSwept()
    {
        // A killed apply left a manifest copy; the restart queue (another loop) is writing its own copy at this moment.
        var state = Path.Combine(_temp.Combine("pryv"), ".pryvbus");
        Directory.CreateDirectory(state);
        var manifestCopy = Path.Combine(state, ".manifest.json.pryvbus-tmp-0123456789abcdef");
        var restartsCopy = Path.Combine(state, ".restarts.json.pryvbus-tmp-fedcba9876543210");
        File.WriteAllText(manifestCopy, "{");
        File.WriteAllText(restartsCopy, "[");

        _applier.Apply(Version(1));

        File.Exists(manifestCopy).Should().BeFalse("a leftover of the apply itself is removed");
        File.Exists(restartsCopy).Should().BeTrue("another loop's file being written is not the apply's to remove");
    }

    [Fact]
    public async Task Apply_OneFileChangedIn2000_WritesOneFileAndKeepsEveryOtherInode()
    {
        _fileCount = LargeRole;
        _applier.Apply(Version(1));
        var serial = await SettleAsync(1);
        var before = Inodes();

        var result = _applier.Apply(Version(serial + 1, new Dictionary<int, string> { [7] = "setting 7 = changed\n" }));

        result.Written.Should().Equal(PathOf(7));
        var after = Inodes();
        after.Where(i => i.Key != 7).Should().OnlyContain(i => before[i.Key] == i.Value, "an unchanged file is never rewritten");
        after[7].Should().NotBe(before[7], "the changed file is replaced by a rename");
        File.ReadAllText(Full(7)).Should().Be("setting 7 = changed\n");
    }

    [Fact]
    public async Task Apply_UntouchedFileEditedByHand_IsWrittenAgain()
    {
        _applier.Apply(Version(1));
        var serial = await SettleAsync(1);

        // Same size, same inode: only the change time tells.
        File.WriteAllText(Full(42), "setting 42 = VALUE\n");

        var result = _applier.Apply(Version(serial + 1, new Dictionary<int, string> { [7] = "setting 7 = changed\n" }));

        result.Written.Should().BeEquivalentTo([PathOf(7), PathOf(42)]);
        File.ReadAllText(Full(42)).Should().Be("setting 42 = value\n");
    }

    [Fact]
    public async Task Apply_UntouchedFileChmodByHand_GetsItsModeBack()
    {
        _applier.Apply(Version(1));
        var serial = await SettleAsync(1);
        var mode = File.GetUnixFileMode(Full(42));

        File.SetUnixFileMode(Full(42), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite);

        _applier.Apply(Version(serial + 1, new Dictionary<int, string> { [7] = "setting 7 = changed\n" }));

        File.GetUnixFileMode(Full(42)).Should().Be(mode);
    }
}
