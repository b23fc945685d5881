using PryvBus.Follower.Applying;
using PryvBus.Follower.Fetching;
using PryvBus.Shared.Native;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// The root's folders are watched too (every folder on the way, the intermediate ones included): a folder found while
/// watched, with no event since on itself, on its name in its parent nor on any folder above it, is not looked at again.
/// Every way of swapping a folder by hand between two applies (for a link leaving the root, into the state folder, to a
/// tampered copy inside the root, for a tampered copy, while a handle on the old one stays open, mounted over, the root
/// itself or its parent) must still be seen by the next apply.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ApplyFolderWatchTests : IDisposable
{
    private const int FileCount = 24;
    private readonly TempDirectory _temp = new();
    private readonly ConfigApplier _applier;

    public ApplyFolderWatchTests()
    {
        _applier = TestApplier.At(Root);
    }

    public void Dispose()
    {
        _applier.Dispose();
        _temp.Dispose();
    }

    /// <summary>Three levels of folders below the root, as in the sample roles (<c>pryv/nginx/conf/secret</c>).</summary>
    private static string PathOf(int i) => $"component{i % 3}/conf/sub{i % 2}/file{i}.conf";

    private string Root => _temp.Combine("pryv");

    private string Full(int i) => Path.Combine(Root, PathOf(i));

    /// <summary>The intermediate folder above file 13 (<c>component1</c>), two levels above the file.</summary>
    private string Intermediate => Path.Combine(Root, "component1");

    private static VerifiedVersion Version(long serial, string variant = "value") =>
        TestVersion.Of(serial, Enumerable.Range(0, FileCount).ToDictionary(PathOf, i => i == 7 ? $"setting 7 = {variant}\n" : $"setting {i} = value\n"));

    /// <summary>Applies until every folder and file was checked while watched.</summary>
    private long Watched(ConfigApplier? applier = null)
    {
        applier ??= _applier;
        applier.Apply(Version(1));
        applier.Apply(Version(2, "other"));
        applier.Apply(Version(3));
        return 3;
    }

    /// <summary>
    /// A copy of <paramref name="folder"/> (at <paramref name="copy"/>, by default beside the root) in which the file at
    /// <paramref name="file13"/> (by default this root's file 13) was tampered with.
    /// </summary>
    private string TamperedCopy(string folder, string? copy = null, string? file13 = null)
    {
        copy ??= _temp.Combine("copy");
        FileTree.Copy(folder, copy);
        File.WriteAllText(Path.Combine(copy, Path.GetRelativePath(folder, file13 ?? Full(13))), "setting 13 = HACKED\n");
        return copy;
    }

    /// <summary><paramref name="copy"/> takes the name of <paramref name="folder"/>, which is moved aside (kept: its inode is not reused).</summary>
    private void Swap(string folder, string copy)
    {
        Directory.Move(folder, _temp.Combine("old"));
        Directory.Move(copy, folder);
    }

    [Fact]
    public void Apply_OneFileChangedInAWatchedRoot_LooksAtNoFolder()
    {
        var serial = Watched();

        _applier.Apply(Version(++serial, "other"));
        _applier.LastFolderLookups.Should().Be(0, "every folder of the root was found while watched and nothing moved since");
        _applier.LastLookups.Should().Be(1, "the file the last apply wrote is looked at, nothing else");
        File.ReadAllText(Full(7)).Should().Be("setting 7 = other\n");
    }

    [Fact]
    public void Apply_IntermediateFolderSwappedForALinkLeavingTheRoot_IsRefused()
    {
        var serial = Watched();
        var away = _temp.Combine("away");
        Directory.Move(Intermediate, away);
        Directory.CreateSymbolicLink(Intermediate, away);
        File.WriteAllText(Path.Combine(away, "conf/sub1/file13.conf"), "not ours\n");

        var apply = () => _applier.Apply(Version(++serial));

        apply.Should().Throw<VersionRejectedException>().WithMessage("*leaves the root*");
        File.ReadAllText(Path.Combine(away, "conf/sub1/file13.conf")).Should().Be("not ours\n");
    }

    [Fact]
    public void Apply_IntermediateFolderSwappedForALinkIntoTheStateFolder_IsRefused()
    {
        var serial = Watched();
        var state = Path.Combine(Root, ".pryvbus");
        var before = Directory.EnumerateFileSystemEntries(state, "*", SearchOption.AllDirectories).Order().ToList();
        Directory.Move(Intermediate, _temp.Combine("old"));
        Directory.CreateSymbolicLink(Intermediate, ".pryvbus");

        var apply = () => _applier.Apply(Version(++serial));

        apply.Should().Throw<VersionRejectedException>().WithMessage("*.pryvbus*");
        Directory.EnumerateFileSystemEntries(state, "*", SearchOption.AllDirectories).Order().Should().Equal(before);
    }

    [Fact]
    public void Apply_IntermediateFolderSwappedForALinkToATamperedCopyInsideTheRoot_IsWrittenAgain()
    {
        var serial = Watched();
        var copy = TamperedCopy(Intermediate, Path.Combine(Root, "copy"));
        Directory.Move(Intermediate, _temp.Combine("old"));
        Directory.CreateSymbolicLink(Intermediate, "copy");

        _applier.Apply(Version(++serial));
        File.ReadAllText(Full(13)).Should().Be("setting 13 = value\n");

        // Found through a link: nothing below it is trusted, a later edit of the copy is seen as well.
        File.WriteAllText(Path.Combine(copy, "conf/sub1/file13.conf"), "setting 13 = AGAIN\n");
        _applier.Apply(Version(++serial));
        File.ReadAllText(Full(13)).Should().Be("setting 13 = value\n");
    }

    [Fact]
    public void Apply_IntermediateFolderSwappedForATamperedCopy_IsWrittenAgain()
    {
        var serial = Watched();
        Swap(Intermediate, TamperedCopy(Intermediate));

        _applier.Apply(Version(++serial));

        File.ReadAllText(Full(13)).Should().Be("setting 13 = value\n");
    }

    [Fact]
    public void Apply_FolderSwappedWhileAHandleOnTheOldOneStaysOpen_IsWrittenAgain()
    {
        var serial = Watched();
        var folder = Path.Combine(Intermediate, "conf");

        // The old folder stays alive (its inode cannot be reused) while a tampered copy takes its name.
        var handle = Libc.Open(folder, 0x200000);
        handle.Should().BeGreaterThanOrEqualTo(0);
        try
        {
            Swap(folder, TamperedCopy(folder));

            _applier.Apply(Version(++serial));
        }
        finally
        {
            _ = Libc.Close(handle);
        }

        File.ReadAllText(Full(13)).Should().Be("setting 13 = value\n");
    }

    [Fact]
    public void Apply_RootSwappedForATamperedCopy_IsWrittenAgain()
    {
        var serial = Watched();
        Swap(Root, TamperedCopy(Root));

        _applier.Apply(Version(++serial));

        File.ReadAllText(Full(13)).Should().Be("setting 13 = value\n");
    }

    [Fact]
    public void Apply_RootsParentSwappedForATamperedCopy_IsWrittenAgain()
    {
        var parent = _temp.Combine("parent");
        var root = Path.Combine(parent, "pryv");
        using var applier = TestApplier.At(root);
        var serial = Watched(applier);

        // The root keeps its real path; only its inode (and the inodes below it) tell.
        Swap(parent, TamperedCopy(parent, file13: Path.Combine(root, PathOf(13))));

        applier.Apply(Version(++serial));

        File.ReadAllText(Path.Combine(root, PathOf(13))).Should().Be("setting 13 = value\n");
    }

    [Fact]
    public void Apply_FolderMountedOver_IsWrittenAgain()
    {
        var serial = Watched();
        var folder = Path.Combine(Intermediate, "conf");
        var copy = TamperedCopy(folder);

        // A bind mount raises no inotify event (mounting needs root: the tests run as root).
        using (TestMount.BindMount(copy, folder))
        {
            _applier.Apply(Version(++serial));
            File.ReadAllText(Full(13)).Should().Be("setting 13 = value\n");
        }
    }

    [Fact]
    public void Apply_MountedElsewhere_LooksAtNoFolder()
    {
        var serial = Watched();
        var elsewhere = _temp.Combine("elsewhere");
        Directory.CreateDirectory(elsewhere);

        // As the container engine does for each container it starts: a mount neither at, above nor below the root.
        using (TestMount.Tmpfs(elsewhere))
        {
            _applier.Apply(Version(++serial, "other"));
            _applier.LastFolderLookups.Should().Be(0, "a mount away from the root changes nothing a path of the root leads to");
        }
    }

    [Fact]
    public void Apply_EventQueueOverflowed_LooksAtTheFoldersAgain()
    {
        var serial = Watched();
        Swap(Intermediate, TamperedCopy(Intermediate));

        // More distinct events than the queue holds (fs.inotify.max_queued_events, 16,384 by default): the swap's are lost.
        var flood = Path.Combine(Root, "component0/conf");
        for (var i = 0; i < 9_000; i++)
        {
            var name = Path.Combine(flood, $"flood{i}");
            File.WriteAllBytes(name, []);
            File.Delete(name);
        }

        _applier.Apply(Version(++serial));

        _applier.LastFolderLookups.Should().BeGreaterThan(0, "an overflowing queue leaves nothing trusted");
        File.ReadAllText(Full(13)).Should().Be("setting 13 = value\n");
    }

    [Fact]
    public void Apply_MoreFoldersThanTheWatchBudget_LooksAtTheOthersAndSeesASwap()
    {
        using var applier = TestApplier.At(Root, maxWatches: 4);
        var serial = Watched(applier);
        applier.Watches.Should().BeLessThanOrEqualTo(4);
        applier.Apply(Version(++serial, "other"));
        applier.LastFolderLookups.Should().BeGreaterThan(0, "the folders beyond the budget are looked at every time");

        Swap(Intermediate, TamperedCopy(Intermediate));
        applier.Apply(Version(++serial));

        applier.Watches.Should().BeLessThanOrEqualTo(4);
        File.ReadAllText(Full(13)).Should().Be("setting 13 = value\n");
    }

    [Fact]
    public void Apply_FolderCheckNoLongerTrusted_LooksAtTheFoldersAgain()
    {
        using var applier = TestApplier.At(Root, trust: TimeSpan.FromMilliseconds(-1));
        var serial = Watched(applier);

        applier.Apply(Version(++serial, "other"));

        applier.LastFolderLookups.Should().BeGreaterThan(0, "a check older than the trust window is made again");
    }

    [Fact]
    public void Apply_StateFolderSwappedForALinkToAFolderOfTheRoot_RefusesPathsIntoIt()
    {
        var serial = Watched();
        var state = Path.Combine(Root, ".pryvbus");
        foreach (var file in Directory.EnumerateFiles(state))
        {
            File.Move(file, Path.Combine(Intermediate, Path.GetFileName(file)));
        }

        Directory.Delete(state, recursive: true);
        Directory.CreateSymbolicLink(state, "component1");

        var apply = () => _applier.Apply(Version(++serial));

        apply.Should().Throw<VersionRejectedException>().WithMessage($"*{PathOf(13)}*.pryvbus*");
    }
}
