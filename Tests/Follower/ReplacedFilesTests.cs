using PryvBus.Follower.Applying;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// A file an apply replaces or deletes is kept open until the caller lets go (<see cref="ReplacedFiles"/>): its inode is
/// freed then, not inside the rename (docs/performance.md, session 46). What is held is read from this process's own
/// descriptors (<c>/proc/self/fd</c>); the files on disk are the new ones.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ReplacedFilesTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ConfigApplier _applier;

    public ReplacedFilesTests() => _applier = TestApplier.At(_temp.Combine("pryv"));

    public void Dispose()
    {
        _applier.Dispose();
        _temp.Dispose();
    }

    private string Root => _temp.Combine("pryv");

    [Fact]
    public void Apply_FileReplaced_OldFileHeldUntilReleased()
    {
        _applier.Apply(TestVersion.Of(1, ("core/conf/core.yml", "v1"), ("pryv.yml", "same")));
        _applier.ReleaseReplaced(); // as the sync loop does once the sync is over

        _applier.Apply(TestVersion.Of(2, ("core/conf/core.yml", "v2"), ("pryv.yml", "same")));

        File.ReadAllText(Path.Combine(Root, "core/conf/core.yml")).Should().Be("v2");
        OpenFiles.Under(Root).Should().Equal(Path.Combine(Root, "core/conf/core.yml") + " (deleted)");
        _applier.ReleaseReplaced();
        OpenFiles.Under(Root).Should().BeEmpty();
    }

    [Fact]
    public void Apply_FileDeleted_HeldUntilReleased()
    {
        _applier.Apply(TestVersion.Of(1, ("core/conf/core.yml", "v1"), ("mail/conf/mail.yml", "gone next")));
        _applier.ReleaseReplaced(); // as the sync loop does once the sync is over

        _applier.Apply(TestVersion.Of(2, ("core/conf/core.yml", "v1")));

        File.Exists(Path.Combine(Root, "mail/conf/mail.yml")).Should().BeFalse();
        // A deletion is applied under the journal: the journal, deleted at the commit, is held too.
        OpenFiles.Under(Root).Should().Equal(
            Path.Combine(Root, PathGuard.StateDirectory, ManifestStore.PendingFile) + " (deleted)", Path.Combine(Root, "mail/conf/mail.yml") + " (deleted)");
        _applier.ReleaseReplaced();
        OpenFiles.Under(Root).Should().BeEmpty();
    }

    [Fact]
    public void Apply_UnderAJournal_TheJournalDeletedHeldUntilReleased()
    {
        _applier.Apply(TestVersion.Of(1, ("core/conf/core.yml", "v1"), ("pryv.yml", "v1")));
        _applier.ReleaseReplaced(); // as the sync loop does once the sync is over

        _applier.Apply(TestVersion.Of(2, ("core/conf/core.yml", "v2"), ("pryv.yml", "v2")));

        var journal = Path.Combine(Root, PathGuard.StateDirectory, ManifestStore.PendingFile);
        File.Exists(journal).Should().BeFalse();
        OpenFiles.Under(Root).Should().Contain(journal + " (deleted)");
        _applier.ReleaseReplaced();
        OpenFiles.Under(Root).Should().BeEmpty();
    }

    [Fact]
    public void Apply_MoreFilesReplacedThanHeld_AtMostCapacityHeldEveryFileNew()
    {
        var count = ReplacedFiles.Capacity + 20;
        _applier.Apply(TestVersion.Of(1, [.. Enumerable.Range(0, count).Select(i => ($"core/conf/f{i}.yml", "v1"))]));
        _applier.ReleaseReplaced(); // as the sync loop does once the sync is over

        _applier.Apply(TestVersion.Of(2, [.. Enumerable.Range(0, count).Select(i => ($"core/conf/f{i}.yml", "v2"))]));

        Enumerable.Range(0, count).Should().OnlyContain(i => File.ReadAllText(Path.Combine(Root, $"core/conf/f{i}.yml")) == "v2");
        OpenFiles.Under(Root).Should().HaveCount(ReplacedFiles.Capacity);
        _applier.ReleaseReplaced();
        OpenFiles.Under(Root).Should().BeEmpty();
    }

    [Fact]
    public void Dispose_FilesHeld_Released()
    {
        _applier.Apply(TestVersion.Of(1, ("core/conf/core.yml", "v1")));
        _applier.ReleaseReplaced(); // as the sync loop does once the sync is over
        _applier.Apply(TestVersion.Of(2, ("core/conf/core.yml", "v2")));
        OpenFiles.Under(Root).Should().ContainSingle();

        _applier.Dispose();

        OpenFiles.Under(Root).Should().BeEmpty();
    }

    [Fact]
    public void Hold_ALink_TheLinkItselfNotItsTarget()
    {
        var target = _temp.Write("outside/target.conf", "not ours");
        var link = _temp.Combine("link.conf");
        File.CreateSymbolicLink(link, target);
        using var held = new ReplacedFiles();

        held.Hold(link);

        held.Count.Should().Be(1);
        OpenFiles.Under(_temp.Path).Should().Equal(link);
    }

    [Fact]
    public async Task Hold_AFifoWithNoWriter_DoesNotWait()
    {
        var fifo = _temp.Combine("fifo.conf");
        FileNodes.Fifo(fifo);
        using var held = new ReplacedFiles();

        // O_PATH opens nothing: a FIFO with no writer is held at once (a read open would wait for a writer).
        await Task.Run(() => held.Hold(fifo)).WaitAsync(TimeSpan.FromSeconds(30));

        held.Count.Should().Be(1);
    }

    [Fact]
    public void Hold_AFileLargerThanTheBudgetLeft_NotHeld()
    {
        // Held, an old file keeps its blocks until the sync is over: past the budget, the rename frees it as before.
        var small = _temp.Write("small.conf", "v1");
        var large = _temp.Combine("large.bin");
        using (var stream = File.Create(large))
        {
            stream.SetLength(ReplacedFiles.ByteBudget); // sparse: its size counts, no block is written
        }

        using var held = new ReplacedFiles();

        held.Hold(small);
        held.Hold(large);

        held.Count.Should().Be(1);
        OpenFiles.Under(_temp.Path).Should().Equal(small);
    }

    [Fact]
    public void Hold_AfterDispose_NothingHeld()
    {
        // The host may dispose the applier while a stuck sync still runs: what that sync holds afterwards stays unheld.
        var file = _temp.Write("core.conf", "v1");
        var held = new ReplacedFiles();
        held.Dispose();

        held.Hold(file);

        held.Count.Should().Be(0);
        OpenFiles.Under(_temp.Path).Should().BeEmpty();
        held.Release();
    }

    [Fact]
    public void Hold_NothingThere_NothingHeld()
    {
        using var held = new ReplacedFiles();

        held.Hold(_temp.Combine("missing.conf"));

        held.Count.Should().Be(0);
    }
}
