using CsCheck;
using PryvBus.Follower.Applying;
using PryvBus.Shared.Native;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// <see cref="Posix.RealPath"/> (an <c>O_PATH</c> open, then the kernel's name of it) says what <c>realpath(3)</c> says,
/// over generated paths in a tree of links an operator could have made: relative and absolute, chained, to folders and
/// files, looping, dangling, through <c>..</c>, to a deleted folder's place.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class RealPathPropertyTests : IDisposable
{
    private static readonly Gen<string> Segment = Gen.OneOf(
        "a", "b", "file", "rel", "abs", "chain", "up", "self", "loop", "dangling", "tofile", "gone", "..", ".", "", "missing", "sp ace", "é");

    private readonly TempDirectory _temp = new();
    private readonly string _root;

    public RealPathPropertyTests()
    {
        _root = _temp.Combine("tree");
        Directory.CreateDirectory(Path.Combine(_root, "a", "b"));
        Directory.CreateDirectory(Path.Combine(_root, "sp ace"));
        Directory.CreateDirectory(Path.Combine(_root, "é"));
        File.WriteAllText(Path.Combine(_root, "a", "file"), "x");
        File.CreateSymbolicLink(Path.Combine(_root, "rel"), "a/b");
        File.CreateSymbolicLink(Path.Combine(_root, "abs"), Path.Combine(_root, "a"));
        File.CreateSymbolicLink(Path.Combine(_root, "chain"), "rel");
        File.CreateSymbolicLink(Path.Combine(_root, "a", "up"), "..");
        File.CreateSymbolicLink(Path.Combine(_root, "a", "self"), ".");
        File.CreateSymbolicLink(Path.Combine(_root, "loop"), "loop");
        File.CreateSymbolicLink(Path.Combine(_root, "dangling"), "nowhere");
        File.CreateSymbolicLink(Path.Combine(_root, "tofile"), "a/file");
        Directory.CreateDirectory(Path.Combine(_root, "gone"));
        Directory.Delete(Path.Combine(_root, "gone"));
    }

    [Fact]
    public void RealPath_AnyPath_SameAsRealpath3() =>
        Segment.Array[0, 6].Select(s => _root + "/" + string.Join('/', s)).Sample(
            path => Posix.RealPath(path) == Libc.RealPath(path),
            iter: 3_000);

    [Fact]
    public void RealPath_LinkedRoot_TheLinksTarget()
    {
        var linked = Path.Combine(_root, "chain");

        Posix.RealPath(linked).Should().Be(Path.Combine(_root, "a", "b"));
        Posix.RealPath(Path.Combine(_root, "missing")).Should().BeNull();
        Posix.RealPath(string.Empty).Should().BeNull();
    }

    public void Dispose() => _temp.Dispose();
}
