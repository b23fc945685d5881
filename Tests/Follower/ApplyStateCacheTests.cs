using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Fetching;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// What an apply keeps between applies to avoid work (the manifest's bytes and what they parse to, each file's sha256 with
/// its content, the last plan's paths) never hides a change: a manifest edited on disk is read again, a content changed
/// back and forth is hashed as it is, a new set of paths is checked and sorted again.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ApplyStateCacheTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ConfigApplier _applier;

    public ApplyStateCacheTests()
    {
        _applier = TestApplier.At(_temp.Combine("pryv"));
    }

    public void Dispose()
    {
        _applier.Dispose();
        _temp.Dispose();
    }

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void ReadApplied_ManifestEditedOnDiskAfterAnApply_ReturnsTheEdit()
    {
        _applier.Apply(TestVersion.Of(1, ("core/conf/core.yml", "one\n")));
        _applier.ReadApplied()!.Serial.Should().Be(1);
        var path = _temp.Combine("pryv/.pryvbus/manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        manifest["serial"] = 7;
        File.WriteAllText(path, manifest.ToJsonString());

        _applier.ReadApplied()!.Serial.Should().Be(7);
    }

    [Fact]
    public async Task ReadApplied_ManifestUnchangedAndItsStampOld_ReadsOnlyTheStampAndStillSeesAnEdit()
    {
        _applier.Apply(TestVersion.Of(1, ("core/conf/core.yml", "one\n")));

        // Once its stamp is old enough, reading the manifest reads no bytes (it was read when its stamp was not yet).
        await Wait.UntilAsync(
            () =>
            {
                var reads = _applier.StateReads;
                return _applier.ReadApplied()!.Serial == 1 && _applier.StateReads == reads;
            },
            TimeSpan.FromSeconds(10),
            "the manifest read by its stamp alone");

        // An edit by hand of the same size changes the stamp (its change time): read again.
        var path = _temp.Combine("pryv/.pryvbus/manifest.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"serial\":1,", "\"serial\":7,", StringComparison.Ordinal));

        _applier.ReadApplied()!.Serial.Should().Be(7);
    }

    [Fact]
    public void Apply_ContentChangedBackAndForth_ManifestHashesEachContent()
    {
        foreach (var (serial, text) in new[] { (1L, "one\n"), (2L, "two\n"), (3L, "one\n"), (4L, "two\n") })
        {
            _applier.Apply(TestVersion.Of(serial, ("core/conf/core.yml", text), ("core/conf/same.yml", "same\n")));

            var files = _applier.ReadApplied()!.Files;
            files["core/conf/core.yml"].Sha256.Should().Be(Sha(text), "serial {0}", serial);
            files["core/conf/same.yml"].Sha256.Should().Be(Sha("same\n"));
            File.ReadAllText(_temp.Combine("pryv/core/conf/core.yml")).Should().Be(text);
        }
    }

    [Fact]
    public void Apply_SameNumberOfPathsButOneRenamedToAnUnsafePath_Rejected()
    {
        _applier.Apply(TestVersion.Of(1, ("a.yml", "a\n"), ("b.yml", "b\n")));

        var apply = () => _applier.Apply(TestVersion.Of(2, ("a.yml", "a\n"), ("../b.yml", "b\n")));

        apply.Should().Throw<VersionRejectedException>().WithMessage("*unsafe path*");
        _applier.ReadApplied()!.Serial.Should().Be(1);
    }

    [Fact]
    public void Apply_PathsChangedWithTheSameCount_WrittenInOrderAndOldOneDeleted()
    {
        _applier.Apply(TestVersion.Of(1, ("a.yml", "a\n"), ("b.yml", "b\n")));

        var result = _applier.Apply(TestVersion.Of(2, ("a.yml", "a\n"), ("c.yml", "c\n")));

        result.Written.Should().Equal("c.yml");
        result.Deleted.Should().Equal("b.yml");
        _applier.ReadApplied()!.Files.Keys.Should().BeEquivalentTo(["a.yml", "c.yml"]);
    }

    [Fact]
    public async Task ReadApplied_WhileApplying_AlwaysAWholeManifest()
    {
        // The restart worker reads the manifest (health step) while the sync loop applies: the kept buffers are shared.
        var files = Enumerable.Range(0, 200).ToDictionary(i => $"c{i % 5}/f{i}.yml", i => $"value {i}\n", StringComparer.Ordinal);
        _applier.Apply(TestVersion.Of(1, files));
        using var stop = new CancellationTokenSource();
        var reads = 0;
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var read = _applier.ReadApplied();
                read.Should().NotBeNull();
                read!.Files.Should().HaveCount(200);
                read.Serial.Should().BeInRange(1, 41);
                reads++;
                reading.TrySetResult();
            }
        });

        // The applies take a few ms each: on a loaded machine the reader could start only after the last one.
        await reading.Task;

        for (var serial = 2L; serial <= 41; serial++)
        {
            files["c0/f0.yml"] = $"value {serial}\n";
            _applier.Apply(TestVersion.Of(serial, files));
        }

        await stop.CancelAsync();
        await reader;
        reads.Should().BePositive();
    }
}
