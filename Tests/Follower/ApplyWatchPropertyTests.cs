using CsCheck;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Native;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// Whatever is done to the root by hand between applies (edits in place, truncation, chmod, deletes, renames over,
/// writes through a hard link made outside the root, a folder swapped for a copy, any folder on the way — intermediate
/// ones included — swapped for a tampered copy, for a link to a tampered copy inside the root, for a link leaving the
/// root or into the state folder), the next apply leaves every file of the version with its content and mode, or
/// refuses the version when a path leads out of the root or into the state folder; no apply writes outside the root.
/// The root's watch never vouches for a file or a folder that changed.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ApplyWatchPropertyTests
{
    private static readonly string[] Paths =
        ["top.conf", "core/a.yml", "core/b.yml", "core/conf/c.json", "nginx/d.conf", "nginx/e.conf", "core/conf/deep/f.conf", "nginx/conf/secret/g.conf"];

    private enum Act
    {
        ApplyA,
        ApplyB,
        Edit,
        SwapFolderOnTheWay,
        LinkToCopyInside,
        LinkLeavingTheRoot,
        LinkIntoTheState,
    }

    /// <summary>
    /// An act (a hand edit in about half the steps), the edit, the file it is done to, and for a folder act which folder
    /// on the file's way (from the top).
    /// </summary>
    private static readonly Gen<(Act Act, HandEdit Edit, int File, int Level)> Step = Gen.Select(
        Gen.Frequency((6, Gen.Const(Act.Edit)), (7, Gen.Enum<Act>())), Gen.Enum<HandEdit>(), Gen.Int[0, Paths.Length - 1], Gen.Int[0, 2]);

    [Fact]
    public void Apply_AnyHandChangesBetweenApplies_LeavesTheVersionOnDisk()
    {
        Step.List[1, 14].Sample(
            steps =>
            {
                using var temp = new TempDirectory();
                var root = temp.Combine("pryv");
                using var applier = TestApplier.At(root);
                var serial = 0L;
                var variant = "a";
                applier.Apply(Version(++serial, variant));
                foreach (var (act, edit, file, level) in steps)
                {
                    var full = Path.Combine(root, Paths[file]);
                    switch (act)
                    {
                        case Act.ApplyA or Act.ApplyB:
                            variant = act == Act.ApplyA ? "a" : "b";
                            var version = Version(++serial, variant);
                            ApplyOutsideUntouched(applier, version, temp);
                            Check(root, version);
                            break;
                        case Act.LinkLeavingTheRoot or Act.LinkIntoTheState:
                            if (FolderOnTheWay(root, Paths[file], level) is { } folder && Directory.Exists(folder) && new DirectoryInfo(folder).LinkTarget is null)
                            {
                                // Right after the change (within the same clock tick): refused, nothing outside written.
                                var link = Link(act, folder, root, temp);
                                var refused = () => ApplyOutsideUntouched(applier, Version(++serial, variant), temp);
                                refused.Should().Throw<VersionRejectedException>($"{folder} leads out of the root or into its state folder");
                                File.Delete(link);
                            }

                            break;
                        case Act.SwapFolderOnTheWay or Act.LinkToCopyInside:
                            if (FolderOnTheWay(root, Paths[file], level) is { } swapped && Directory.Exists(swapped))
                            {
                                SwapOnTheWay(act, swapped, full, root, temp);
                            }

                            break;
                        default:
                            HandEdits.Apply(edit, full, temp.Combine("pryv"), temp);
                            break;
                    }
                }

                var last = Version(++serial, variant);
                ApplyOutsideUntouched(applier, last, temp);
                Check(root, last);
            },
            iter: 60);
    }

    /// <summary>The <paramref name="level"/>-th folder (from the top, wrapping) on the way to <paramref name="path"/>; null for a file of the root.</summary>
    private static string? FolderOnTheWay(string root, string path, int level)
    {
        var parts = path.Split('/');
        return parts.Length < 2 ? null : Path.Combine(root, string.Join('/', parts[..((level % (parts.Length - 1)) + 1)]));
    }

    /// <summary>Applies <paramref name="version"/>; whether it succeeds or not, nothing outside the root changed.</summary>
    private static void ApplyOutsideUntouched(ConfigApplier applier, VerifiedVersion version, TempDirectory temp)
    {
        var before = Outside(temp);
        try
        {
            applier.Apply(version);
        }
        finally
        {
            Outside(temp).Should().Equal(before, "an apply never writes outside the root");
        }
    }

    /// <summary>Every file outside the root (moved-away folders, copies, links' targets) with its content and mode.</summary>
    private static List<string> Outside(TempDirectory temp) =>
        Directory.EnumerateFiles(temp.Path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Where(f => !f.StartsWith(temp.Combine("pryv") + "/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => $"{f} {File.GetUnixFileMode(f)} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}")
            .ToList();

    /// <summary>The folder renamed away (out of the root) and a link in its place, to it or into the state folder.</summary>
    private static string Link(Act act, string folder, string root, TempDirectory temp)
    {
        var away = temp.Combine("away-" + Guid.NewGuid().ToString("N"));
        Directory.Move(folder, away);
        foreach (var file in Directory.EnumerateFiles(away, "*", SearchOption.AllDirectories))
        {
            File.WriteAllText(file, "tampered\n");
        }

        Directory.CreateSymbolicLink(folder, act == Act.LinkLeavingTheRoot ? away : Path.Combine(root, PathGuard.StateDirectory));
        return folder;
    }

    /// <summary>A folder on the way replaced by a copy of its whole tree with the file changed: in its place, or inside the root behind a link.</summary>
    private static void SwapOnTheWay(Act act, string folder, string full, string root, TempDirectory temp)
    {
        var copy = act == Act.LinkToCopyInside ? Path.Combine(root, "copy-" + Guid.NewGuid().ToString("N")) : temp.Combine("copy-" + Guid.NewGuid().ToString("N"));
        FileTree.Copy(folder, copy);
        var changed = Path.Combine(copy, Path.GetRelativePath(folder, full));
        if (File.Exists(changed))
        {
            File.WriteAllText(changed, "swapped\n");
        }

        Directory.Move(folder, temp.Combine("old-" + Guid.NewGuid().ToString("N")));
        if (act == Act.LinkToCopyInside)
        {
            Directory.CreateSymbolicLink(folder, copy);
        }
        else
        {
            Directory.Move(copy, folder);
        }
    }

    private static VerifiedVersion Version(long serial, string variant) =>
        TestVersion.Of(serial, Paths.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i % 2 == 0 ? $"{x.p} = {variant}\n" : $"{x.p} = same\n"));

    private static void Check(string root, VerifiedVersion version)
    {
        foreach (var (path, content) in version.Files)
        {
            var full = Path.Combine(root, path);
            File.ReadAllBytes(full).Should().Equal(content, $"{path} holds the version after the apply");
            File.GetUnixFileMode(full).Should().Be(FileSettings.DefaultFileMode, $"{path} has the version's mode");
        }
    }
}
