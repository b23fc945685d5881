using PryvBus.Follower.Applying;
using PryvBus.Follower.Fetching;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// The apply's own reads (the root's real path, the manifests), done by <see cref="ConfigApplier.Prepare"/> while the
/// version's round trip is in flight: an apply from them does what an apply reading them itself does, and a prepare that
/// fails leaves the failure to the apply, reported there as before.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ApplyStartTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static VerifiedVersion Version(long serial, string mongod) =>
        TestVersion.Of(serial, ("mongodb/conf/mongod.conf", mongod), ("core/conf/core.yml", "core: 1\n"));

    [Fact]
    public void Apply_FromAPreparedStart_WritesTheChangeAndCommitsTheManifest()
    {
        var root = _temp.Combine("pryv");
        using var applier = TestApplier.At(root);
        applier.Apply(Version(1, "cacheSizeGB: 1\n"));

        var start = applier.Prepare();
        var result = applier.Apply(Version(2, "cacheSizeGB: 2\n"), start: start);

        start.Should().NotBeNull();
        result.Written.Should().Equal("mongodb/conf/mongod.conf");
        File.ReadAllText(Path.Combine(root, "mongodb/conf/mongod.conf")).Should().Be("cacheSizeGB: 2\n");
        applier.ReadApplied()!.Serial.Should().Be(2);
        applier.Apply(Version(2, "cacheSizeGB: 2\n"), start: applier.Prepare()).Written.Should().BeEmpty("the prepared manifest is the committed one");
    }

    [Fact]
    public void Apply_RootLinkSwitchedAfterThePrepare_TheNewTargetIsCheckedAndWritten()
    {
        var a = _temp.Combine("a");
        var b = _temp.Combine("b");
        var root = _temp.Combine("pryv");
        Directory.CreateDirectory(a);
        File.CreateSymbolicLink(root, a);
        using var applier = TestApplier.At(root);
        applier.Apply(Version(1, "cacheSizeGB: 1\n"));
        applier.Apply(Version(2, "cacheSizeGB: 2\n")); // every file checked while watched

        var start = applier.Prepare();
        FileTree.Copy(a, b);
        File.WriteAllText(Path.Combine(b, "core/conf/core.yml"), "core: HACKED\n");
        File.Delete(root);
        File.CreateSymbolicLink(root, b);
        applier.Apply(Version(3, "cacheSizeGB: 3\n"), start: start);

        File.ReadAllText(Path.Combine(b, "mongodb/conf/mongod.conf")).Should().Be("cacheSizeGB: 3\n");
        File.ReadAllText(Path.Combine(b, "core/conf/core.yml")).Should().Be("core: 1\n", "the new target's files are looked at, not vouched for by the old one's watch");
    }

    [Fact]
    public void Prepare_RootCannotBeCreated_NullAndTheApplyReportsIt()
    {
        var blocker = _temp.Combine("file");
        File.WriteAllText(blocker, "not a folder");
        using var applier = TestApplier.At(Path.Combine(blocker, "pryv"));

        applier.Prepare().Should().BeNull();
        var apply = () => applier.Apply(Version(1, "cacheSizeGB: 1\n"), start: applier.Prepare());
        apply.Should().Throw<IOException>();
    }
}
