using System.Net.Sockets;
using PryvBus.Follower.Applying;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// What a local user who can write in the root's folders (the files' owner, a container with a folder mounted) puts at a
/// version's path: never read, never followed out of the root; the version's file replaces it.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ApplyHostileRootTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Root => _temp.Combine("pryv");

    private ConfigApplier Applier() => TestApplier.At(Root);

    [Fact]
    public async Task Apply_FifoAtAPathOfTheVersion_ReplacedWithoutBlocking()
    {
        Directory.CreateDirectory(Path.Combine(Root, "core"));
        var fifo = Path.Combine(Root, "core", "a.conf");
        FileNodes.Fifo(fifo);
        using var applier = Applier();

        var apply = Task.Run(() => applier.Apply(TestVersion.Of(1, ("core/a.conf", "a\n"), ("core/b.conf", "b\n"))));
        try
        {
            await Wait.UntilAsync(() => apply.IsCompleted, TimeSpan.FromSeconds(30), "the apply to end: a FIFO is replaced, never opened to be read");
        }
        finally
        {
            if (!apply.IsCompleted)
            {
                // Blocked in an open of the FIFO for reading: a writer lets it go, so the test ends.
                await using var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            }
        }

        await apply;
        File.ReadAllText(fifo).Should().Be("a\n");
    }

    [Fact]
    public void Apply_SocketAtAPathOfTheVersion_Replaced()
    {
        Directory.CreateDirectory(Path.Combine(Root, "core"));
        var path = Path.Combine(Root, "core", "a.conf");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        using var applier = Applier();

        applier.Apply(TestVersion.Of(1, ("core/a.conf", "a\n")));

        File.ReadAllText(path).Should().Be("a\n");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // as on a kernel without openat2: the folders opened part by part
    public void Apply_FolderSwappedForALinkOutsideMidApply_WritesNothingOutsideAndReportsTheFolder(bool walk)
    {
        PinnedFolders.ForceWalk = walk;
        try
        {
            FolderSwappedForALinkOutsideMidApply();
        }
        finally
        {
            PinnedFolders.ForceWalk = false;
        }
    }

    private void FolderSwappedForALinkOutsideMidApply()
    {
        var outside = _temp.Combine("outside");
        Directory.CreateDirectory(outside);
        using var applier = Applier();
        applier.Apply(TestVersion.Of(1, ("a/x.conf", "x1\n"), ("b/y.conf", "y1\n")));

        // After the version's paths were checked, before the first write: b becomes a link out of the root.
        var apply = () => applier.Apply(TestVersion.Of(2, ("a/x.conf", "x2\n"), ("b/y.conf", "y2\n")), writing: () => SwapForALink("b", outside));

        apply.Should().Throw<IOException>().WithMessage($"*{Path.Combine(Root, "b")}*leads out of the root*")
            .Which.Message.Should().NotContain("/proc/self/fd");
        Directory.EnumerateFileSystemEntries(outside).Should().BeEmpty("nothing is written through the link");
    }

    [Fact]
    public void Apply_FileSwappedForALinkBeforeItsModeChange_LeavesTheLinksTargetAlone()
    {
        var victim = _temp.Combine("victim");
        File.WriteAllText(victim, "secret\n");
        File.SetUnixFileMode(victim, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var applier = Applier();
        applier.Apply(TestVersion.Of(1, ("a/x.conf", "x1\n"), ("b/y.conf", "y1\n")));
        File.SetUnixFileMode(Path.Combine(Root, "b/y.conf"), UnixFileMode.UserRead | UnixFileMode.UserWrite); // its mode drifted

        var apply = () => applier.Apply(TestVersion.Of(2, ("a/x.conf", "x2\n"), ("b/y.conf", "y1\n")), writing: () =>
        {
            File.Delete(Path.Combine(Root, "b/y.conf"));
            File.CreateSymbolicLink(Path.Combine(Root, "b/y.conf"), victim);
        });

        apply.Should().Throw<IOException>().WithMessage($"*{Path.Combine(Root, "b/y.conf")}*");
        File.GetUnixFileMode(victim).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, "a file outside the root keeps its mode");
    }

    [Fact]
    public void Apply_FolderSwappedForALinkBeforeADelete_DeletesNothingOutside()
    {
        var outside = _temp.Combine("outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "gone.conf"), "keep\n");
        using var applier = Applier();
        applier.Apply(TestVersion.Of(1, ("a/x.conf", "x1\n"), ("b/gone.conf", "g\n")));

        var apply = () => applier.Apply(TestVersion.Of(2, ("a/x.conf", "x2\n"), ("a/z.conf", "z\n")), writing: () => SwapForALink("b", outside));

        apply.Should().Throw<IOException>();
        File.ReadAllText(Path.Combine(outside, "gone.conf")).Should().Be("keep\n");
    }

    [Fact]
    public void Apply_AfterTheSwappedFolderIsPutBack_Converges()
    {
        var outside = _temp.Combine("outside");
        Directory.CreateDirectory(outside);
        using var applier = Applier();
        applier.Apply(TestVersion.Of(1, ("a/x.conf", "x1\n"), ("b/y.conf", "y1\n")));
        var apply = () => applier.Apply(TestVersion.Of(2, ("a/x.conf", "x2\n"), ("b/y.conf", "y2\n")), writing: () => SwapForALink("b", outside));
        apply.Should().Throw<IOException>();

        File.Delete(Path.Combine(Root, "b"));
        Directory.Move(Path.Combine(Root, "b.old"), Path.Combine(Root, "b"));
        applier.Apply(TestVersion.Of(2, ("a/x.conf", "x2\n"), ("b/y.conf", "y2\n")));

        File.ReadAllText(Path.Combine(Root, "b/y.conf")).Should().Be("y2\n");
        File.ReadAllText(Path.Combine(Root, "a/x.conf")).Should().Be("x2\n");
    }

    [Fact]
    public void Apply_FolderSwappedForALinkIntoTheStateFolderMidApply_WritesNothingThere()
    {
        using var applier = Applier();
        applier.Apply(TestVersion.Of(1, ("a/x.conf", "x1\n"), ("b/manifest.json", "{}\n")));

        var apply = () => applier.Apply(TestVersion.Of(2, ("a/x.conf", "x2\n"), ("b/manifest.json", "{\"forged\": true}\n")), writing: () => SwapForALink("b", ".pryvbus"));

        apply.Should().Throw<IOException>().WithMessage("*leads into the follower's own .pryvbus folder*");
        File.ReadAllText(Path.Combine(Root, ".pryvbus", "manifest.json")).Should().NotContain("forged");
    }

    [Fact]
    public void Apply_FolderSwappedForALinkInsideTheRootMidApply_IsFollowedAsThePathRuleAllows()
    {
        using var applier = Applier();
        applier.Apply(TestVersion.Of(1, ("a/x.conf", "x1\n"), ("b/y.conf", "y1\n")));
        Directory.CreateDirectory(Path.Combine(Root, "shared"));

        applier.Apply(TestVersion.Of(2, ("a/x.conf", "x2\n"), ("b/y.conf", "y2\n")), writing: () => SwapForALink("b", "shared"));

        File.ReadAllText(Path.Combine(Root, "shared", "y.conf")).Should().Be("y2\n");
    }

    [Fact]
    public void Apply_LinkPutWhereAFolderIsAboutToBeCreated_RootKeepsItsModeAndOwner()
    {
        using var applier = Applier();
        applier.Apply(TestVersion.Of(1, ("a/x.conf", "x1\n"), ("b/y.conf", "y1\n")));
        const UnixFileMode RootMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        File.SetUnixFileMode(Root, RootMode);
        PinnedFolders.BeforeCreate = folder => File.CreateSymbolicLink(folder, ".."); // b/new -> .. : the root
        try
        {
            applier.Apply(TestVersion.Of(2, ("a/x.conf", "x1\n"), ("b/y.conf", "y1\n"), ("b/new/z.conf", "z\n")));
        }
        finally
        {
            PinnedFolders.BeforeCreate = null;
        }

        File.GetUnixFileMode(Root).Should().Be(RootMode, "only a folder the apply made itself gets the folders' mode and owner");
    }

    /// <summary>What a user owning the root's folders does between the check and the write: the folder moved aside, a link in its place.</summary>
    private void SwapForALink(string folder, string target)
    {
        Directory.Move(Path.Combine(Root, folder), Path.Combine(Root, folder + ".old"));
        File.CreateSymbolicLink(Path.Combine(Root, folder), target);
    }
}
