using System.Text;
using CsCheck;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Native;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// Whatever is done to the root by hand between applies (edits in place, truncation, chmod, deletes, renames over,
/// writes through a hard link made outside the root, a folder swapped for a copy), the next apply leaves every file of
/// the version with its content and mode: the root's watch never vouches for a file that changed.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ApplyWatchPropertyTests
{
    private static readonly string[] Paths = ["top.conf", "core/a.yml", "core/b.yml", "core/conf/c.json", "nginx/d.conf", "nginx/e.conf"];

    private enum Act
    {
        ApplyA,
        ApplyB,
        EditInPlace,
        Truncate,
        Chmod,
        Delete,
        RenameOver,
        HardLinkWrite,
        SwapFolder,
    }

    private static readonly Gen<(Act Act, int File)> Step = Gen.Select(Gen.Enum<Act>(), Gen.Int[0, Paths.Length - 1]);

    [Fact]
    public void Apply_AnyHandChangesBetweenApplies_LeavesTheVersionOnDisk()
    {
        Step.List[1, 14].Sample(
            steps =>
            {
                using var temp = new TempDirectory();
                var root = temp.Combine("pryv");
                var settings = ApplySettings.For(root);
                using var applier = new ConfigApplier(settings, NullLogger<ConfigApplier>.Instance);
                var serial = 0L;
                var variant = "a";
                applier.Apply(Version(++serial, variant));
                foreach (var (act, file) in steps)
                {
                    var full = Path.Combine(root, Paths[file]);
                    switch (act)
                    {
                        case Act.ApplyA or Act.ApplyB:
                            variant = act == Act.ApplyA ? "a" : "b";
                            var version = Version(++serial, variant);
                            applier.Apply(version);
                            Check(root, version);
                            break;
                        default:
                            Tamper(act, full, temp);
                            break;
                    }
                }

                var last = Version(++serial, variant);
                applier.Apply(last);
                Check(root, last);
            },
            iter: 60);
    }

    private static VerifiedVersion Version(long serial, string variant)
    {
        var files = Paths.Select((p, i) => (p, i)).ToDictionary(
            x => x.p, x => Encoding.UTF8.GetBytes(x.i % 2 == 0 ? $"{x.p} = {variant}\n" : $"{x.p} = same\n"), StringComparer.Ordinal);
        return new VerifiedVersion("core", 1, serial, "sha-" + serial, files, new HashSet<string>(StringComparer.Ordinal));
    }

    private static void Check(string root, VerifiedVersion version)
    {
        foreach (var (path, content) in version.Files)
        {
            var full = Path.Combine(root, path);
            File.ReadAllBytes(full).Should().Equal(content, $"{path} holds the version after the apply");
            File.GetUnixFileMode(full).Should().Be(FileSettings.DefaultFileMode, $"{path} has the version's mode");
        }
    }

    private static void Tamper(Act act, string full, TempDirectory temp)
    {
        if (!File.Exists(full))
        {
            return;
        }

        switch (act)
        {
            case Act.EditInPlace:
                using (var stream = new FileStream(full, FileMode.Open, FileAccess.Write))
                {
                    stream.Write("X"u8);
                }

                break;
            case Act.Truncate:
                using (var stream = new FileStream(full, FileMode.Open, FileAccess.Write))
                {
                    stream.SetLength(1);
                }

                break;
            case Act.Chmod:
                File.SetUnixFileMode(full, File.GetUnixFileMode(full) ^ UnixFileMode.OtherWrite);
                break;
            case Act.Delete:
                File.Delete(full);
                break;
            case Act.RenameOver:
                File.WriteAllText(full + ".new", "replaced\n");
                File.Move(full + ".new", full, overwrite: true);
                break;
            case Act.HardLinkWrite:
                var outside = temp.Combine("link-" + Guid.NewGuid().ToString("N"));
                Libc.Link(full, outside).Should().Be(0);
                File.AppendAllText(outside, "through a link\n");
                break;
            case Act.SwapFolder:
                SwapFolder(Path.GetDirectoryName(full)!, Path.GetFileName(full), temp);
                break;
        }
    }

    /// <summary>The folder renamed away, a copy with one file changed renamed into its place.</summary>
    private static void SwapFolder(string folder, string name, TempDirectory temp)
    {
        if (folder == temp.Combine("pryv"))
        {
            return; // the root itself is not swapped: its state folder would go with it
        }

        var copy = temp.Combine("copy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder))
        {
            var target = Path.Combine(copy, Path.GetFileName(entry));
            if (Directory.Exists(entry))
            {
                Directory.Move(entry, target);
            }
            else
            {
                File.Copy(entry, target);
            }
        }

        File.WriteAllText(Path.Combine(copy, name), "swapped\n");
        Directory.Move(folder, temp.Combine("old-" + Guid.NewGuid().ToString("N")));
        Directory.Move(copy, folder);
    }
}
