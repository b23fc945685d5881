using PryvBus.Follower.Applying;
using PryvBus.Follower.Fetching;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// The root is watched (inotify) between applies: a file checked while watched and not touched since is not looked at
/// again, so an apply looks at the files that changed, not at the whole root. Every way of changing a file by hand
/// between two applies (in place within the same clock tick, through a hard link made outside the root, chmod, deleted,
/// replaced by a link, its folder swapped) must still be seen by the next apply.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ApplyWatchTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ConfigApplier _applier;
    private int _fileCount = 30;

    public ApplyWatchTests()
    {
        _applier = TestApplier.At(_temp.Combine("pryv"));
    }

    public void Dispose()
    {
        _applier.Dispose();
        _temp.Dispose();
    }

    private static string PathOf(int i) => $"component{i % 3}/conf/file{i}.conf";

    private string Root => _temp.Combine("pryv");

    private string Full(int i) => Path.Combine(Root, PathOf(i));

    private VerifiedVersion Version(long serial, string variant = "value") =>
        TestVersion.Of(serial, Enumerable.Range(0, _fileCount).ToDictionary(PathOf, i => i == 7 ? $"setting 7 = {variant}\n" : $"setting {i} = value\n"));

    /// <summary>Two applies of the same version: the second checks every file while the root is watched.</summary>
    private long Watched()
    {
        _applier.Apply(Version(1));
        _applier.Apply(Version(2, "other"));
        _applier.Apply(Version(3));
        return 3;
    }

    [Fact]
    public void Apply_OneChangedOf2000_LooksAtTheChangedFileOnly()
    {
        _fileCount = 2_000;
        var serial = Watched();

        _applier.Apply(Version(++serial, "other"));
        _applier.Apply(Version(++serial));

        _applier.LastLookups.Should().Be(1, "only the file the last apply wrote (its watch reported the rename) is looked at");
        File.ReadAllText(Full(7)).Should().Be("setting 7 = value\n");
    }

    [Fact]
    public void Apply_MoreFilesThanTheWatchBudget_StaysWithinItAndLooksAtTheOthers()
    {
        using var applier = TestApplier.At(_temp.Combine("budget"), maxWatches: 10);
        for (var serial = 1; serial <= 4; serial++)
        {
            applier.Apply(Version(serial, serial % 2 == 0 ? "other" : "value"));
            applier.Watches.Should().BeLessThanOrEqualTo(10, "the watch never takes more than its share of the user's inotify watches");
        }

        applier.LastLookups.Should().BeGreaterThan(20, "the files beyond the budget are looked at every time, as without a watch");
        File.ReadAllText(Path.Combine(_temp.Combine("budget"), PathOf(12))).Should().Be("setting 12 = value\n");
    }

    [Fact]
    public void Apply_EditedInPlaceRightAfterTheApply_IsWrittenAgain()
    {
        var serial = Watched();

        // Same size, within the same clock tick as the apply's own check: only the watch can tell.
        File.WriteAllText(Full(12), "setting 12 = VALUE\n");
        var result = _applier.Apply(Version(++serial));

        result.Written.Should().Equal(PathOf(12));
        File.ReadAllText(Full(12)).Should().Be("setting 12 = value\n");
    }

    [Fact]
    public void Apply_EditedThroughAHardLinkOutsideTheRoot_IsWrittenAgain()
    {
        var serial = Watched();
        var outside = _temp.Combine("outside.conf");
        PryvBus.Shared.Native.Libc.Link(Full(12), outside).Should().Be(0);

        using (var stream = new FileStream(outside, FileMode.Open, FileAccess.Write))
        {
            stream.Write("setting 12 = HACKED"u8);
        }

        var result = _applier.Apply(Version(++serial));

        result.Written.Should().Contain(PathOf(12));
        File.ReadAllText(Full(12)).Should().Be("setting 12 = value\n");
    }

    [Fact]
    public void Apply_ChmodByHand_GetsItsModeBack()
    {
        var serial = Watched();
        var mode = File.GetUnixFileMode(Full(12));
        File.SetUnixFileMode(Full(12), mode | UnixFileMode.OtherWrite);

        _applier.Apply(Version(++serial));

        File.GetUnixFileMode(Full(12)).Should().Be(mode);
    }

    [Fact]
    public void Apply_DeletedByHand_IsWrittenAgain()
    {
        var serial = Watched();
        File.Delete(Full(12));

        _applier.Apply(Version(++serial));

        File.ReadAllText(Full(12)).Should().Be("setting 12 = value\n");
    }

    [Fact]
    public void Apply_FileReplacedByALinkLeavingTheRoot_IsRefused()
    {
        var serial = Watched();
        var outside = _temp.Combine("elsewhere.conf");
        File.WriteAllText(outside, "not ours\n");
        File.Delete(Full(12));
        File.CreateSymbolicLink(Full(12), outside);

        var apply = () => _applier.Apply(Version(++serial));

        apply.Should().Throw<VersionRejectedException>().WithMessage($"*{PathOf(12)}*");
        File.ReadAllText(outside).Should().Be("not ours\n");
    }

    [Fact]
    public void Apply_FolderSwappedForATamperedCopy_IsWrittenAgain()
    {
        var serial = Watched();
        var folder = Path.GetDirectoryName(Full(12))!;
        var copy = _temp.Combine("copy");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(copy, "file12.conf"), "setting 12 = HACKED\n");
        Directory.Move(folder, _temp.Combine("old"));
        Directory.Move(copy, folder);

        _applier.Apply(Version(++serial));

        File.ReadAllText(Full(12)).Should().Be("setting 12 = value\n");
    }

    [Fact]
    public void Apply_FolderSwappedForALinkToACopyInsideTheRoot_LaterEditIsSeen()
    {
        var serial = Watched();
        var folder = Path.GetDirectoryName(Full(12))!;
        var copy = Path.Combine(Path.GetDirectoryName(folder)!, "copy");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        Directory.Move(folder, Path.Combine(Path.GetDirectoryName(folder)!, "old"));
        Directory.CreateSymbolicLink(folder, "copy");
        _applier.Apply(Version(++serial)); // the folder cannot be watched through the link: nothing in it is trusted

        File.WriteAllText(Path.Combine(copy, "file12.conf"), "setting 12 = HACKED\n");
        _applier.Apply(Version(++serial));

        File.ReadAllText(Full(12)).Should().Be("setting 12 = value\n");
    }

    [Fact]
    public void Apply_RootSwappedForALink_LaterEditIsSeen()
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["top.conf"] = "top = value\n"u8.ToArray(), ["a/b.conf"] = "b\n"u8.ToArray() };
        var version = (long serial) => TestVersion.Of(serial, files);
        for (var serial = 1; serial <= 3; serial++)
        {
            _applier.Apply(version(serial));
        }

        Directory.Move(Root, Root + "-moved");
        Directory.CreateSymbolicLink(Root, Root + "-moved");
        _applier.Apply(version(4)); // another real root: a fresh watch

        File.WriteAllText(Path.Combine(Root, "top.conf"), "top = HACKED\n");
        _applier.Apply(version(5));

        File.ReadAllText(Path.Combine(Root, "top.conf")).Should().Be("top = value\n");
    }

    [Fact]
    public void Apply_WrittenThroughASharedMapping_SeenOnceTheCheckIsNoLongerTrusted()
    {
        using var applier = TestApplier.At(Root, trust: TimeSpan.FromMilliseconds(-1));
        for (var serial = 1; serial <= 3; serial++)
        {
            applier.Apply(Version(serial, serial == 2 ? "other" : "value"));
        }

        // A write through a shared mapping raises no inotify event; it changes the file's times.
        using (var mapped = System.IO.MemoryMappedFiles.MemoryMappedFile.CreateFromFile(Full(12), FileMode.Open, null, 0))
        using (var view = mapped.CreateViewAccessor())
        {
            view.Write(0, (byte)'X');
        }

        applier.Apply(Version(4));

        File.ReadAllText(Full(12)).Should().Be("setting 12 = value\n");
    }

    [Fact]
    public void Apply_FolderReplacedByALinkLeavingTheRoot_IsRefused()
    {
        var serial = Watched();
        var folder = Path.GetDirectoryName(Full(12))!;
        Directory.Move(folder, _temp.Combine("away"));
        Directory.CreateSymbolicLink(folder, _temp.Combine("away"));

        var apply = () => _applier.Apply(Version(++serial));

        apply.Should().Throw<VersionRejectedException>();
    }
}
