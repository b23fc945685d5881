using System.Text;
using CsCheck;
using PryvBus.Leader.Rendering;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// The template tree over generated trees of files, links (to the role's own files and folders, to another role, to
/// <c>/etc/shadow</c>, <c>/proc/self/environ</c>, <c>/dev/zero</c>, dangling, looping), hard links (to a file outside the
/// tree, between files of the tree), fifos, and entries on another mount (a tmpfs mounted on a folder, a folder or a file
/// outside bind-mounted into the tree): whatever the leader reads comes from a regular file of the role's folder itself
/// (each holds that folder's path; files outside, on a mount or in other roles hold something else), under a name the
/// shared rule accepts, and nothing throws. Needs root for the mounts (the build container runs the tests as root).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class TemplateTreePropertyTests
{
    public const long Inputs = 2_000;

    private enum Kind
    {
        File,
        Link,
        HardLinkOutside,
        HardLinkInside,
        Fifo,
        Tmpfs,
        BindFolder,
        BindFile,
    }

    private static readonly Gen<string> Name = Gen.OneOf(
        "a.conf", "b.conf", "sub/c.conf", "sub/deep/d.conf", "sub", "link", "sub/link", ".#lock", "x~", "a\nb", "a\\b",
        ".pryvbus/m.json", "e.pryvbus-tmp-1");

    private static readonly Gen<string> Target = Gen.OneOf(
        "a.conf", "b.conf", "sub", "sub/c.conf", "../sub/c.conf", "link", "missing", ".", "..", "../other/secret.conf",
        "../../outside.conf", "../core1/a.conf", "/etc/shadow", "/proc/self/environ", "/dev/zero", "/etc", "/proc/self/cwd");

    private static readonly Gen<Kind> Kinds = Gen.Frequency(
        (6, Gen.Const(Kind.File)), (6, Gen.Const(Kind.Link)), (1, Gen.Const(Kind.HardLinkOutside)), (1, Gen.Const(Kind.HardLinkInside)),
        (1, Gen.Const(Kind.Fifo)), (1, Gen.Const(Kind.Tmpfs)), (1, Gen.Const(Kind.BindFolder)), (1, Gen.Const(Kind.BindFile)));

    private static readonly Gen<(string Name, Kind Kind, string Target)[]> Tree = Gen.Select(Name, Kinds, Target).Array[1, 8];

    [Fact]
    public void Scan_AnyTree_ReadsOnlyRegularFilesInsideTheRoleFolder() => Check(forceWalk: false);

    /// <summary>The same on a kernel without <c>openat2</c>: the walk from the role folder's descriptor.</summary>
    [Fact]
    public void Scan_AnyTreeWithoutOpenAt2_ReadsOnlyRegularFilesInsideTheRoleFolder() => Check(forceWalk: true);

    private static void Check(bool forceWalk)
    {
        // One folder per generated tree, all removed at the end: cheaper than a temporary folder each.
        using var temp = new TempDirectory();
        temp.Write("outside.conf", "outside");
        temp.Write("outside-folder/c.conf", "outside");
        temp.Write("data/other/secret.conf", "other role");
        var count = 0;
        Tree.Sample(
            entries =>
            {
                var mounts = new List<TestMount>();

                // The forced walk is per thread: set on whichever thread runs this tree, so both properties run on every core.
                BeneathOpen.ForceWalk = forceWalk;
                try
                {
                    var folder = Build(temp, temp.Combine("data", "core" + Interlocked.Increment(ref count)), entries, mounts);
                    return ReadsOnlyTheRoleFolder(NativeFiles.RealPath(folder)!, folder);
                }
                finally
                {
                    BeneathOpen.ForceWalk = false;

                    // Unmounted before the folders are ever deleted: a delete never walks into a mounted folder.
                    foreach (var mount in Enumerable.Reverse(mounts))
                    {
                        mount.Dispose();
                    }
                }
            },
            iter: Inputs,
            threads: -1,
            print: e => string.Join(", ", e.Select(x => $"{x.Name} {x.Kind} {x.Target}")));
    }

    private static bool ReadsOnlyTheRoleFolder(string role, string folder)
    {
        foreach (var entry in TemplateTree.Scan(role).Where(e => e.Usable))
        {
            if (TemplateFiles.NameProblem(entry.RelativePath) is not null || !TemplateTree.IsUnder(entry.FullPath, role))
            {
                return false;
            }

            byte[] content;
            try
            {
                content = TemplateFileReader.Read(entry.FullPath, role);
            }
            catch (IOException)
            {
                continue;
            }

            if (Encoding.UTF8.GetString(content) != folder)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A role folder with the generated entries (each file holds the folder's own path), beside files that must never be read.</summary>
    private static string Build(TempDirectory temp, string role, (string Name, Kind Kind, string Target)[] entries, List<TestMount> mounts)
    {
        Directory.CreateDirectory(role);
        foreach (var (name, kind, target) in entries)
        {
            // Never create anything through a link the tree already holds: a generated link may point at /etc.
            if (!CreateFolders(role, name))
            {
                continue;
            }

            var full = Path.Combine(role, name);
            if (Path.Exists(full) || new FileInfo(full).LinkTarget is not null)
            {
                continue;
            }

            var mounted = mounts.Any(m => TemplateTree.IsUnder(full, m.Target));
            switch (kind)
            {
                case Kind.File:
                    Write(full, mounted ? "on another mount" : role);
                    break;
                case Kind.Link:
                    File.CreateSymbolicLink(full, target);
                    break;
                case Kind.HardLinkOutside when !mounted:
                    FileNodes.HardLink(full, temp.Combine("outside.conf"));
                    break;
                case Kind.HardLinkInside when !mounted && PlainFile(role, target, mounts) is { } existing:
                    FileNodes.HardLink(full, existing);
                    break;
                case Kind.Fifo:
                    FileNodes.Fifo(full);
                    break;
                case Kind.Tmpfs:
                    Directory.CreateDirectory(full);
                    mounts.Add(TestMount.Tmpfs(full));
                    Write(Path.Combine(full, "c.conf"), "on another mount");
                    break;
                case Kind.BindFolder:
                    Directory.CreateDirectory(full);
                    mounts.Add(TestMount.BindMount(temp.Combine("outside-folder"), full));
                    break;
                case Kind.BindFile:
                    Write(full, role);
                    mounts.Add(TestMount.BindMount(temp.Combine("outside.conf"), full));
                    break;
            }
        }

        return role;
    }

    /// <summary>The full path of a regular file of the role itself (no link on the way, not on a mount); null otherwise.</summary>
    private static string? PlainFile(string role, string target, List<TestMount> mounts)
    {
        var full = Path.GetFullPath(Path.Combine(role, target));
        var real = NativeFiles.RealPath(full);
        return real == full && TemplateTree.IsUnder(full, role) && File.Exists(full)
            && !mounts.Any(m => m.Target == full || TemplateTree.IsUnder(full, m.Target)) ? full : null;
    }

    private static void Write(string full, string content)
    {
        // CreateNew (O_EXCL) never follows a link.
        using var stream = new FileStream(full, FileMode.CreateNew, FileAccess.Write);
        stream.Write(Encoding.UTF8.GetBytes(content));
    }

    /// <summary>Creates the folders above <paramref name="name"/> as real folders; false when a part is a link or a file.</summary>
    private static bool CreateFolders(string role, string name)
    {
        var current = role;
        foreach (var part in name.Split('/')[..^1])
        {
            current = Path.Combine(current, part);
            if (new FileInfo(current).LinkTarget is not null || File.Exists(current))
            {
                return false;
            }

            Directory.CreateDirectory(current);
        }

        return true;
    }
}
