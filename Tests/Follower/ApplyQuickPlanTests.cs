using CsCheck;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Fetching;
using PryvBus.Shared.Versions;
using PryvBus.Shared.Native;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// A plan starts from the last committed one: in a 2,000-file role, an apply of one changed file decides that file (and
/// those the root's watch no longer vouches for), not the 2,000. Whatever happens between applies (versions that change
/// some files, their secret flags or their paths; edits, chmods, deletes, renames over, writes through a hard link, a
/// folder swapped or replaced by a link leaving the root), it gives the same result as a plan of every file: the same
/// files written, deleted and reported changed, the same manifest, the same disk.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ApplyQuickPlanTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Apply_OneChangedOf2000_DecidesTheChangedFilesOnly()
    {
        using var applier = TestApplier.At(_temp.Combine("pryv"));
        static VerifiedVersion Large(long serial, int changed = -1) => TestVersion.Of(
            serial, Enumerable.Range(0, 2_000).ToDictionary(i => $"component{i % 10}/conf/file{i}.conf", i => i == changed ? $"changed {serial}\n" : $"setting {i}\n"));
        var serial = 1L;
        applier.Apply(Large(serial));

        // Until every file's stamp is recorded (old enough): a file whose stamp is still to be recorded is decided again.
        await Wait.UntilAsync(
            () =>
            {
                applier.Apply(Large(++serial));
                return applier.ReadApplied()!.Files.Values.All(e => e.Stamp is not null);
            },
            TimeSpan.FromSeconds(20),
            "stamps recorded");

        applier.Apply(Large(++serial, changed: 7)).Written.Should().Equal("component7/conf/file7.conf");
        applier.LastDecided.Should().Be(1, "only the changed file is decided");

        applier.Apply(Large(++serial, changed: 8)).Written.Should().BeEquivalentTo(["component7/conf/file7.conf", "component8/conf/file8.conf"]);
        applier.LastDecided.Should().Be(2, "the file changed back (its own write dropped its mark) and the new one");
        File.ReadAllText(Path.Combine(_temp.Combine("pryv"), "component8/conf/file8.conf")).Should().Be($"changed {serial}\n");
        File.ReadAllText(Path.Combine(_temp.Combine("pryv"), "component7/conf/file7.conf")).Should().Be("setting 7\n");
    }

    [Fact]
    public void Apply_VersionCopiedWithOtherFiles_WritesItsOwnFilesNotTheLayoutItKept()
    {
        // A copy of a verified version with other files keeps the original's layout (its order and contents): not its own.
        using var applier = TestApplier.At(_temp.Combine("pryv"));
        var first = Verified(Version(1, 0, -1, -1), null);
        applier.Apply(first);
        applier.Apply(Verified(Version(2, 0, -1, -1), first));
        var other = Version(3, 1, -1, -1).Files;

        applier.Apply(first with { Serial = 3, Files = other });

        foreach (var (path, content) in other)
        {
            File.ReadAllBytes(Path.Combine(_temp.Combine("pryv"), path)).Should().Equal(content, $"{path} holds the copy's content");
        }
    }

    private static readonly string[] Paths = ["top.conf", "core/a.yml", "core/b.yml", "core/conf/c.json", "nginx/d.conf", "nginx/e.conf", "core/conf/deep/f.conf"];

    private enum Act
    {
        ApplyAgain,
        ApplySameVersion,
        Apply,
        ApplySecret,
        ApplyWithout,
        Edit,
        LinkLeavingTheRoot,
    }

    [Fact]
    public void Apply_AnyStepsBetweenApplies_SameAsAPlanOfEveryFile()
    {
        var (quickOnes, inOrder) = (0, 0);
        var act = Gen.Frequency((3, Gen.Const(Act.ApplyAgain)), (6, Gen.Const(Act.Edit)), (7, Gen.Enum<Act>()));
        Gen.Select(Gen.Select(act, Gen.Enum<HandEdit>(), Gen.Int[0, Paths.Length - 1], Gen.Int[0, 3]).List[1, 16], Gen.Bool).Sample(
            (steps, untrusted) =>
            {
                using var temp = new TempDirectory();
                var roots = new Roots(temp.Combine("quick"), temp.Combine("full"));

                // Half the sequences with a root watch that trusts no check (every mark stale at once).
                TimeSpan? trust = untrusted ? TimeSpan.FromMilliseconds(-1) : null;
                using var quick = new ConfigApplier(ApplySettings.For(roots.Quick), NullLogger<ConfigApplier>.Instance, null, null, trust);
                using var full = new ConfigApplier(ApplySettings.For(roots.Full), NullLogger<ConfigApplier>.Instance, null, null, trust) { QuickPlans = false };
                var serial = 1L;
                var last = 0;
                VerifiedVersion? previous = null;
                void Apply(VerifiedVersion version)
                {
                    version = Verified(version, previous);
                    inOrder += previous is not null && ReferenceEquals(version.Layout!.Order, previous.Layout!.Order) ? 1 : 0;
                    previous = Both(quick, full, version, roots);
                }

                Apply(Version(serial, 0, secret: -1, without: -1));
                foreach (var (step, edit, file, variant) in steps)
                {
                    switch (step)
                    {
                        case Act.ApplyAgain:
                            Apply(Version(++serial, last, -1, -1));
                            break;
                        case Act.ApplySameVersion:
                            Both(quick, full, previous!, roots); // the applied version again: nothing to commit
                            break;
                        case Act.Apply or Act.ApplySecret or Act.ApplyWithout:
                            Apply(Version(++serial, variant, step == Act.ApplySecret ? file : -1, step == Act.ApplyWithout ? file : -1));
                            last = variant;
                            break;
                        case Act.LinkLeavingTheRoot:
                            LinkLeavingTheRoot(quick, full, roots, Version(++serial, variant, -1, -1), temp);
                            break;
                        default:
                            HandEdits.Apply(edit, Path.Combine(roots.Quick, Paths[file]), roots.Quick, temp);
                            HandEdits.Apply(edit, Path.Combine(roots.Full, Paths[file]), roots.Full, temp);
                            break;
                    }
                }

                // Three applies of the same files: the third finds every file checked and marked by the second.
                for (var i = 0; i < 3; i++)
                {
                    Apply(Version(++serial, 1, -1, -1));
                }

                quickOnes += quick.LastDecided < full.LastDecided ? 1 : 0;
            },
            iter: 60);

        // Each sequence's last apply decides no file (nothing changed since the one before), unless its stamps became old
        // enough to record in between (250 ms) or its watch trusts nothing: not in all 60.
        quickOnes.Should().BePositive("the last apply of a sequence starts from the one before");
        inOrder.Should().BePositive("versions of the same paths are verified in the order of the one before");
    }

    /// <summary>The two roots, one applied to with plans that start from the last one, one with plans of every file.</summary>
    private sealed record Roots(string Quick, string Full);

    /// <summary>The folder <c>nginx</c> moved away and replaced by a link leaving the root: the version is refused by both.</summary>
    private static void LinkLeavingTheRoot(ConfigApplier quick, ConfigApplier full, Roots roots, VerifiedVersion refused, TempDirectory temp)
    {
        foreach (var (applier, root) in new[] { (quick, roots.Quick), (full, roots.Full) })
        {
            var folder = Path.Combine(root, "nginx");
            if (!Directory.Exists(folder) || new DirectoryInfo(folder).LinkTarget is not null)
            {
                continue;
            }

            Directory.Move(folder, temp.Combine("away-" + Guid.NewGuid().ToString("N")));
            Directory.CreateSymbolicLink(folder, temp.Path);
            ((Action)(() => applier.Apply(refused))).Should().Throw<VersionRejectedException>("nginx leads out of the root");
            File.Delete(folder);
        }
    }

    /// <summary>
    /// The same version applied by both: the same result, the same manifest as kept and as a fresh read of its files finds
    /// it (stamps aside: they depend on the clock), the same disk.
    /// </summary>
    private static VerifiedVersion Both(ConfigApplier quick, ConfigApplier full, VerifiedVersion version, Roots roots)
    {
        var a = quick.Apply(version);
        var b = full.Apply(version);
        a.Written.Should().BeEquivalentTo(b.Written);
        a.Deleted.Should().BeEquivalentTo(b.Deleted);
        a.ChangedPaths.Should().Equal(b.ChangedPaths);
        Entries(quick.ReadApplied()!).Should().Equal(Entries(full.ReadApplied()!));
        Entries(ManifestStore.ReadApplied(roots.Quick, NullLogger.Instance)!).Should().Equal(Entries(full.ReadApplied()!), "the manifest's files say the same");
        Disk(roots.Quick).Should().Equal(Disk(roots.Full), "both roots hold the same files");
        return version;
    }

    /// <summary>
    /// As the verifier makes it: with its paths' order and their contents in that order (the digest's). A version with the
    /// last one's paths and secret files is put together as the fetcher does from the held one and an event's delta (the
    /// held version's arrays for the files whose content is the same) and digested in the held version's order.
    /// </summary>
    private static VerifiedVersion Verified(VerifiedVersion version, VerifiedVersion? previous)
    {
        var files = version.Files;
        if (previous is not null && previous.Files.Count == version.Files.Count && previous.Files.Keys.All(version.Files.ContainsKey)
            && previous.SecretFiles.SetEquals(version.SecretFiles))
        {
            var shared = new Dictionary<string, byte[]>(previous.Files, StringComparer.Ordinal);
            foreach (var (path, content) in version.Files.Where(f => !previous.Files[f.Key].AsSpan().SequenceEqual(f.Value)))
            {
                shared[path] = content;
            }

            files = shared;
        }

        var order = previous?.Layout?.Order;
        var sha = VersionDigest.Compute(files, version.SecretFiles, ref order, out var contents);
        return new VerifiedVersion(version.Role, version.Generation, version.Serial, sha, files, version.SecretFiles)
        {
            Layout = new VersionLayout(files, order, contents),
        };
    }

    private static List<string> Entries(Manifest manifest) =>
        [.. manifest.Files.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} {e.Value.Sha256} {e.Value.Secret}"), manifest.Serial.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    /// <summary>Every file below the root (its state folder aside), with its mode and content.</summary>
    private static List<string> Disk(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/.pryvbus/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(root, f)} {File.GetUnixFileMode(f)} {File.ReadAllText(f)}")];

    /// <summary>Files of the version alternate between contents by <paramref name="variant"/>; one may be secret, one left out.</summary>
    private static VerifiedVersion Version(long serial, int variant, int secret, int without) => TestVersion.Of(
        serial,
        Paths.Select((p, i) => (p, i)).Where(x => x.i != without).ToDictionary(x => x.p, x => $"{x.p} = {(x.i + variant) % 3}\n"),
        secret >= 0 && secret != without ? [Paths[secret]] : []);
}
