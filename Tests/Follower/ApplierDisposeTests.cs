using PryvBus.Follower.Applying;
using PryvBus.Follower.Fetching;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// The host disposes the applier when the follower stops, and a sync stuck in an apply may still be running then, or
/// start one more after it: the root's watch is closed once, never under a plan that uses it, and never opened again.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ApplierDisposeTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ConfigApplier _applier;

    public ApplierDisposeTests()
    {
        _applier = TestApplier.At(Root);
    }

    public void Dispose()
    {
        _applier.Dispose();
        _temp.Dispose();
    }

    private string Root => _temp.Combine("pryv");

    private static VerifiedVersion Version(long serial, string value) =>
        TestVersion.Of(serial, Enumerable.Range(0, 5).ToDictionary(i => $"core/conf/file{i}.conf", i => $"setting {i} = {(i == 2 ? value : "value")}\n"));

    [Fact]
    public void Apply_AfterDispose_WritesTheVersionAndWatchesNothing()
    {
        _applier.Apply(Version(1, "a"));
        _applier.Watches.Should().BePositive("the root is watched between applies");

        _applier.Dispose();
        _applier.Apply(Version(2, "b"));

        File.ReadAllText(Path.Combine(Root, "core/conf/file2.conf")).Should().Be("setting 2 = b\n");
        _applier.Watches.Should().Be(0, "a disposed applier opens no inotify instance that nothing would close");
    }

    [Fact]
    public void Dispose_DuringAnApply_KeepsTheWatchUntilTheApplyEnds()
    {
        _applier.Apply(Version(1, "a"));
        var during = -1;

        _applier.Apply(Version(2, "b"), beforeCommit: _ =>
        {
            _applier.Dispose();
            during = _applier.Watches;
        });

        during.Should().BePositive("the apply still running keeps the watch it plans with");
        _applier.Watches.Should().Be(0, "the apply closes the watch when it ends");
        File.ReadAllText(Path.Combine(Root, "core/conf/file2.conf")).Should().Be("setting 2 = b\n");
        _applier.ReadApplied()!.Serial.Should().Be(2);
    }
}
