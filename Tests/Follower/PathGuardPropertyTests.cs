using CsCheck;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Fetching;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// <see cref="PathGuard.Resolve"/> over generated paths in a real root holding symlinks an operator could have made:
/// into the state folder, out of the root, back to the root, to a folder inside. Whatever is accepted resolves on disk
/// inside the root and outside <c>.pryvbus/</c>; anything else is a rejection, never another exception.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class PathGuardPropertyTests : IDisposable
{
    public const long Inputs = 5_000;

    private static readonly Gen<string> Segment = Gen.OneOf(
        "core", "conf", "state", "staging", "out", "up", "shared", "loop", "self", ".pryvbus", "manifest.json", "x.yml",
        "..", ".", "", "a\nb", "\\", ".PRYVBUS", "dangling");

    private static readonly Gen<string> GuardedPath = Segment.Array[1, 6].Select(s => string.Join('/', s));

    private readonly TempDirectory _temp = new();
    private readonly string _root;
    private readonly string _state;

    public PathGuardPropertyTests()
    {
        _root = _temp.Combine("root");
        _state = Path.Combine(_root, ".pryvbus");
        var outside = _temp.Combine("outside");
        Directory.CreateDirectory(Path.Combine(_state, "staging"));
        Directory.CreateDirectory(Path.Combine(_root, "core", "conf"));
        Directory.CreateDirectory(outside);
        File.CreateSymbolicLink(Path.Combine(_root, "state"), ".pryvbus");
        File.CreateSymbolicLink(Path.Combine(_root, "core", "staging"), "../.pryvbus/staging");
        File.CreateSymbolicLink(Path.Combine(_root, "out"), outside);
        File.CreateSymbolicLink(Path.Combine(_root, "up"), "..");
        File.CreateSymbolicLink(Path.Combine(_root, "self"), ".");
        File.CreateSymbolicLink(Path.Combine(_root, "shared"), "core");
        File.CreateSymbolicLink(Path.Combine(_root, "loop"), "loop");
        File.CreateSymbolicLink(Path.Combine(_root, "dangling"), "nowhere");
    }

    [Fact]
    public void Resolve_AnyPath_AcceptedOnlyInsideTheRootAndOutsideTheStateFolder() =>
        GuardedPath.Sample(
            path =>
            {
                string full;
                try
                {
                    full = PathGuard.Resolve(_root, _root, path);
                }
                catch (VersionRejectedException)
                {
                    return true;
                }

                var real = DeepestRealAncestor(full);
                return real.StartsWith(_root + "/", StringComparison.Ordinal) && real != _state && !real.StartsWith(_state + "/", StringComparison.Ordinal);
            },
            iter: Inputs);

    [Fact]
    public void Generator_GuardedPaths_ReachAcceptedPathsThroughLinks()
    {
        // The property says something only if some generated paths are accepted, some of them through a link.
        var accepted = new System.Collections.Concurrent.ConcurrentBag<string>();
        GuardedPath.Sample(
            path =>
            {
                if (Accepted(path))
                {
                    accepted.Add(path);
                }
            },
            iter: Inputs);

        accepted.Should().Contain(p => p.StartsWith("shared/", StringComparison.Ordinal))
            .And.Contain(p => p.StartsWith("self/", StringComparison.Ordinal))
            .And.NotContain(p => p.StartsWith("state/", StringComparison.Ordinal) || p.StartsWith("out/", StringComparison.Ordinal)
                || p.StartsWith("up/", StringComparison.Ordinal));
    }

    public void Dispose() => _temp.Dispose();

    private bool Accepted(string path)
    {
        try
        {
            PathGuard.Resolve(_root, _root, path);
            return true;
        }
        catch (VersionRejectedException)
        {
            return false;
        }
    }

    /// <summary>Where a write to <paramref name="full"/> would land: the real path of its deepest existing part.</summary>
    private static string DeepestRealAncestor(string full)
    {
        var rest = new Stack<string>();
        var current = full;
        while (!Path.Exists(current) && new FileInfo(current).LinkTarget is null)
        {
            rest.Push(Path.GetFileName(current));
            current = Path.GetDirectoryName(current)!;
        }

        var real = Posix.RealPath(current) ?? current;
        return rest.Aggregate(real, Path.Combine);
    }
}
