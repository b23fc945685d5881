using PryvBus.Follower.Applying;
using PryvBus.Follower.Fetching;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// When an apply says it is writing (the sync loop reports <c>applying</c> then): once, before the first change, and only
/// when it changes several files, so that a long apply shows; a one-file change is reported once it is done, its
/// <c>applying</c> would cost a round trip no one sees (docs/performance.md). Always before the manifest's commit, so
/// <c>applying</c> lands before the report that follows the apply.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ApplyWritingSignalTests : IDisposable
{
    private const string Mongod = "mongodb/conf/mongod.conf";
    private const string Core = "core/conf/core.yml";
    private readonly TempDirectory _temp = new();
    private (string? Mongod, string? Core, long? Serial)? _seen;
    private bool _committing;

    public void Dispose() => _temp.Dispose();

    private static VerifiedVersion Version(long serial, string mongod, string core, string? extraPath = null) =>
        TestVersion.Of(serial, (extraPath ?? Mongod, mongod), (Core, core));

    private (ConfigApplier Applier, string Root) Applier()
    {
        var root = _temp.Combine("pryv");
        var applier = TestApplier.At(root);
        applier.Apply(Version(1, "cacheSizeGB: 1\n", "core: 1\n"));
        return (applier, root);
    }

    private Action Recorder(ConfigApplier applier, string root) => () =>
    {
        _seen.Should().BeNull("the apply says it is writing once");
        _committing.Should().BeFalse("the apply says it is writing before the commit's callback");
        _seen = (Text(root, Mongod), Text(root, Core), applier.ReadApplied()?.Serial);
    };

    private static string? Text(string root, string path) => File.Exists(Path.Combine(root, path)) ? File.ReadAllText(Path.Combine(root, path)) : null;

    [Fact]
    public void Apply_OneFileChanged_NeverSaysItIsWriting()
    {
        var (applier, root) = Applier();
        using var _ = applier;

        applier.Apply(Version(2, "cacheSizeGB: 2\n", "core: 1\n"), _ => _committing = true, writing: Recorder(applier, root));

        _seen.Should().BeNull();
        File.ReadAllText(Path.Combine(root, Mongod)).Should().Be("cacheSizeGB: 2\n");
        applier.ReadApplied()!.Serial.Should().Be(2);
    }

    [Fact]
    public void Apply_SeveralFilesChanged_SaysItIsWritingBeforeAnyChange()
    {
        var (applier, root) = Applier();
        using var _ = applier;

        applier.Apply(Version(2, "cacheSizeGB: 2\n", "core: 2\n"), writing: Recorder(applier, root));

        _seen.Should().Be(("cacheSizeGB: 1\n", "core: 1\n", (long?)1));
        File.ReadAllText(Path.Combine(root, Core)).Should().Be("core: 2\n");
    }

    [Fact]
    public void Apply_OneFileRemoved_NeverSaysItIsWriting()
    {
        var (applier, root) = Applier();
        using var _ = applier;
        var version = Version(2, "cacheSizeGB: 1\n", "core: 1\n");
        var files = version.Files.Where(f => f.Key != Mongod).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);

        applier.Apply(version with { Files = files }, writing: Recorder(applier, root));

        _seen.Should().BeNull();
        File.Exists(Path.Combine(root, Mongod)).Should().BeFalse();
        applier.ReadApplied()!.Serial.Should().Be(2);
    }

    [Fact]
    public void Apply_NewSerialWithTheSameFiles_CommitsWithoutSayingItIsWriting()
    {
        var (applier, root) = Applier();
        using var _ = applier;

        applier.Apply(Version(2, "cacheSizeGB: 1\n", "core: 1\n"), writing: Recorder(applier, root));

        _seen.Should().BeNull();
        applier.ReadApplied()!.Serial.Should().Be(2);
    }

    [Fact]
    public void Apply_NothingChanged_NeverSaysItIsWriting()
    {
        var (applier, root) = Applier();
        using var _ = applier;

        applier.Apply(Version(1, "cacheSizeGB: 1\n", "core: 1\n"), writing: Recorder(applier, root));

        _seen.Should().BeNull();
    }

    [Fact]
    public void Apply_UnsafePath_RefusedWithoutSayingItIsWriting()
    {
        var (applier, root) = Applier();
        using var _ = applier;

        var refused = () => applier.Apply(Version(2, "x", "core: 2\n", extraPath: "../escape.conf"), writing: Recorder(applier, root));

        refused.Should().Throw<VersionRejectedException>();
        _seen.Should().BeNull();
        File.ReadAllText(Path.Combine(root, Core)).Should().Be("core: 1\n");
    }
}
