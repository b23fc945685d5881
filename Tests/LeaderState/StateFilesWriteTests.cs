using PryvBus.Leader.State;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.LeaderState;

/// <summary>
/// A state file's atomic write holds the file it replaces over the rename and lets go of it on a pool thread
/// (<see cref="StateFiles.HoldReplaced"/>, <see cref="StateFiles.FreeLater"/>): the new content lands, a link at the
/// path is replaced itself (its target untouched), and nothing stays open.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class StateFilesWriteTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task WriteAtomically_OverAFile_NewContentAndNothingLeftOpen()
    {
        var path = _temp.Write("state/store.json", "old");

        StateFiles.WriteAtomically(path, "new"u8);

        File.ReadAllText(path).Should().Be("new");
        File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await Wait.UntilAsync(() => OpenFiles.Under(_temp.Path).Count == 0, Patience, "the replaced file let go");
    }

    [Fact]
    public async Task WriteAtomically_OverALink_TheLinkReplacedItsTargetUntouched()
    {
        var target = _temp.Write("elsewhere/target", "not a state file");
        var path = _temp.Combine("store.json");
        File.CreateSymbolicLink(path, target);

        StateFiles.WriteAtomically(path, "new"u8);

        new FileInfo(path).LinkTarget.Should().BeNull("the rename replaces the link itself");
        File.ReadAllText(target).Should().Be("not a state file");
        await Wait.UntilAsync(() => OpenFiles.Under(_temp.Path).Count == 0, Patience, "the replaced link let go");
    }

    [Fact]
    public void HoldReplaced_NothingThere_NothingHeld()
    {
        StateFiles.HoldReplaced(_temp.Combine("missing.json")).Should().Be(-1);
        StateFiles.FreeLater(-1);
    }

    [Fact]
    public void HoldReplaced_OnAFileSystemNotLocal_NothingHeld()
    {
        // procfs stands in for NFS: a file system not among the local ones, where a file held while it is renamed over
        // would become a hidden .nfs file.
        StateFiles.HoldReplaced("/proc/self/status").Should().Be(-1);
    }
}
