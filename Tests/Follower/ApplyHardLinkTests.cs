using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// A second name of a file outside the root, put at a version's path by a user who can write in the root's folders, with
/// the version's content but another mode: the apply replaces the name with a file of its own, and the other file keeps
/// its mode and owner (a mode change in place would reach it through the shared inode).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ApplyHardLinkTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Shared = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Root => _temp.Combine("pryv");

    private ConfigApplier Applier() =>
        new(ApplySettings.For(Root, new FileSettings { FileMode = Shared }), NullLogger<ConfigApplier>.Instance);

    private string Outside => _temp.Combine("outside.conf");

    private string Linked => Path.Combine(Root, "b/y.conf");

    /// <summary>An applier whose root holds the first version, and a file outside the root with the content of its <c>b/y.conf</c>, owner-only.</summary>
    private ConfigApplier Applied()
    {
        File.WriteAllText(Outside, "y1\n");
        File.SetUnixFileMode(Outside, OwnerOnly);
        var applier = Applier();
        applier.Apply(TestVersion.Of(1, ("a/x.conf", "x1\n"), ("b/y.conf", "y1\n")));
        return applier;
    }

    [Fact]
    public void Apply_HardLinkToAnOutsideFileWithTheVersionsContent_ReplacedAndTheOutsideFileKeepsItsMode()
    {
        var (outside, path) = (Outside, Linked);
        using var applier = Applied();
        File.Delete(path);
        FileNodes.HardLink(path, outside);

        applier.Apply(TestVersion.Of(2, ("a/x.conf", "x2\n"), ("b/y.conf", "y1\n")));

        File.GetUnixFileMode(outside).Should().Be(OwnerOnly, "the file outside the root keeps its mode");
        File.GetUnixFileMode(path).Should().Be(Shared);
        File.ReadAllText(path).Should().Be("y1\n");
        File.WriteAllText(outside, "changed outside\n");
        File.ReadAllText(path).Should().Be("y1\n", "the version's file is one of its own, no longer a name of the outside file");
    }

    [Fact]
    public void Apply_HardLinkSwappedInBeforeAModeChange_ReplacedAndTheOutsideFileKeepsItsMode()
    {
        var (outside, path) = (Outside, Linked);
        using var applier = Applied();
        File.SetUnixFileMode(path, OwnerOnly); // its mode drifted: the plan makes a mode change

        applier.Apply(TestVersion.Of(2, ("a/x.conf", "x2\n"), ("b/y.conf", "y1\n")), writing: () =>
        {
            File.Delete(path);
            FileNodes.HardLink(path, outside);
        });

        File.GetUnixFileMode(outside).Should().Be(OwnerOnly, "the file outside the root keeps its mode");
        File.GetUnixFileMode(path).Should().Be(Shared);
        File.ReadAllText(path).Should().Be("y1\n");
    }
}
