using System.Text;
using CsCheck;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Fetching;
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
        using var applier = new ConfigApplier(ApplySettings.For(_temp.Combine("pryv")), NullLogger<ConfigApplier>.Instance);
        static VerifiedVersion Large(long serial, int changed = -1) => new(
            "core", 1, serial, "sha-" + serial,
            Enumerable.Range(0, 2_000).ToDictionary(
                i => $"component{i % 10}/conf/file{i}.conf", i => Encoding.UTF8.GetBytes(i == changed ? $"changed {serial}\n" : $"setting {i}\n"), StringComparer.Ordinal),
            new HashSet<string>(StringComparer.Ordinal));
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

    private static readonly string[] Paths = ["top.conf", "core/a.yml", "core/b.yml", "core/conf/c.json", "nginx/d.conf", "nginx/e.conf", "core/conf/deep/f.conf"];

    private enum Act
    {
        ApplyAgain,
        Apply,
        ApplySecret,
        ApplyWithout,
        EditInPlace,
        Chmod,
        Delete,
        RenameOver,
        HardLinkWrite,
        SwapFolder,
        LinkLeavingTheRoot,
    }

    [Fact]
    public void Apply_AnyStepsBetweenApplies_SameAsAPlanOfEveryFile()
    {
        var quickOnes = 0;
        var act = Gen.Frequency((3, Gen.Const(Act.ApplyAgain)), (10, Gen.Enum<Act>()));
        Gen.Select(act, Gen.Int[0, Paths.Length - 1], Gen.Int[0, 3]).List[1, 16].Sample(
            steps =>
            {
                using var temp = new TempDirectory();
                using var quick = new ConfigApplier(ApplySettings.For(temp.Combine("quick")), NullLogger<ConfigApplier>.Instance);
                using var full = new ConfigApplier(ApplySettings.For(temp.Combine("full")), NullLogger<ConfigApplier>.Instance) { QuickPlans = false };
                var serial = 1L;
                var last = 0;
                VerifiedVersion? previous = null;
                void Apply(VerifiedVersion version) => previous = Both(quick, full, FromPrevious(version, previous));
                Apply(Version(serial, 0, secret: -1, without: -1));
                foreach (var (step, file, variant) in steps)
                {
                    switch (step)
                    {
                        case Act.ApplyAgain:
                            Apply(Version(++serial, last, -1, -1));
                            break;
                        case Act.Apply or Act.ApplySecret or Act.ApplyWithout:
                            Apply(Version(++serial, variant, step == Act.ApplySecret ? file : -1, step == Act.ApplyWithout ? file : -1));
                            last = variant;
                            break;
                        case Act.LinkLeavingTheRoot:
                            var refused = Version(++serial, variant, -1, -1);
                            foreach (var applier in new[] { quick, full })
                            {
                                var root = applier == quick ? temp.Combine("quick") : temp.Combine("full");
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

                            break;
                        default:
                            var edit = Enum.Parse<HandEdit>(step.ToString());
                            HandEdits.Apply(edit, Path.Combine(temp.Combine("quick"), Paths[file]), temp.Combine("quick"), temp);
                            HandEdits.Apply(edit, Path.Combine(temp.Combine("full"), Paths[file]), temp.Combine("full"), temp);
                            break;
                    }
                }

                // Three applies of the same files: the third finds every file checked and marked by the second.
                for (var i = 0; i < 3; i++)
                {
                    Apply(Version(++serial, 1, -1, -1));
                }

                quickOnes += quick.LastDecided < full.LastDecided ? 1 : 0;
                Disk(temp.Combine("quick")).Should().Equal(Disk(temp.Combine("full")), "both roots hold the same files");
            },
            iter: 60);
        // Each sequence's last apply decides no file (nothing changed since the one before), unless its stamps became old
        // enough to record in between (250 ms): not in all 60.
        quickOnes.Should().BePositive("the last apply of a sequence starts from the one before");
    }

    /// <summary>The same version applied by both: the same result, the same manifest (stamps aside: they depend on the clock).</summary>
    private static VerifiedVersion Both(ConfigApplier quick, ConfigApplier full, VerifiedVersion version)
    {
        var a = quick.Apply(version);
        var b = full.Apply(version);
        a.Written.Should().BeEquivalentTo(b.Written);
        a.Deleted.Should().BeEquivalentTo(b.Deleted);
        a.ChangedPaths.Should().Equal(b.ChangedPaths);
        Entries(quick.ReadApplied()!).Should().Equal(Entries(full.ReadApplied()!));
        return version;
    }

    /// <summary>
    /// As the fetcher puts a version together from the one held and an event's delta, when it has the same paths and
    /// secret files: the held version's arrays for the files whose content is the same, the changed ones named (and one
    /// more, whose content is the same: a delta may name a file that did not change).
    /// </summary>
    private static VerifiedVersion FromPrevious(VerifiedVersion version, VerifiedVersion? previous)
    {
        if (previous is null || previous.Files.Count != version.Files.Count || !previous.Files.Keys.All(version.Files.ContainsKey)
            || !previous.SecretFiles.SetEquals(version.SecretFiles))
        {
            return version;
        }

        var files = new Dictionary<string, byte[]>(previous.Files, StringComparer.Ordinal);
        var changed = new List<string>();
        foreach (var (path, content) in version.Files)
        {
            if (!previous.Files[path].AsSpan().SequenceEqual(content) || (changed.Count == 0 && path == Paths[^1]))
            {
                files[path] = content;
                changed.Add(path);
            }
        }

        return new VerifiedVersion(version.Role, version.Generation, version.Serial, version.Sha256, files, version.SecretFiles)
        {
            Base = previous,
            Changed = changed,
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
    private static VerifiedVersion Version(long serial, int variant, int secret, int without)
    {
        var files = Paths.Select((p, i) => (p, i)).Where(x => x.i != without).ToDictionary(
            x => x.p, x => Encoding.UTF8.GetBytes($"{x.p} = {(x.i + variant) % 3}\n"), StringComparer.Ordinal);
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        if (secret >= 0 && secret != without)
        {
            secrets.Add(Paths[secret]);
        }

        return new VerifiedVersion("core", 1, serial, "sha-" + serial, files, secrets);
    }
}
