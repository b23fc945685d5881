using System.Text;
using CsCheck;
using PryvBus.Leader.Rendering;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// The template tree over generated trees of files and links (to the role's own files and folders, to another role, to
/// <c>/etc/shadow</c>, <c>/proc/self/environ</c>, <c>/dev/zero</c>, dangling, looping): whatever the leader reads comes
/// from a regular file inside the role's folder (each holds that folder's path; other roles hold theirs), under a name the shared rule accepts, and nothing throws.
/// </summary>
public sealed class TemplateTreePropertyTests
{
    public const long Inputs = 2_000;

    private static readonly Gen<string> Name = Gen.OneOf(
        "a.conf", "b.conf", "sub/c.conf", "sub/deep/d.conf", "sub", "link", "sub/link", ".#lock", "x~", "a\nb", "a\\b",
        ".pryvbus/m.json", "e.pryvbus-tmp-1");

    private static readonly Gen<string> Target = Gen.OneOf(
        "a.conf", "b.conf", "sub", "sub/c.conf", "../sub/c.conf", "link", "missing", ".", "..", "../other/secret.conf",
        "../../outside.conf", "../core1/a.conf", "/etc/shadow", "/proc/self/environ", "/dev/zero", "/etc", "/proc/self/cwd");

    private static readonly Gen<(string Name, string? Target)[]> Tree =
        Gen.Select(Name, Gen.Frequency((1, Gen.Const((string?)null)), (1, Target.Select(t => (string?)t)))).Array[1, 8];

    [Fact]
    public void Scan_AnyTree_ReadsOnlyRegularFilesInsideTheRoleFolder()
    {
        // One folder per generated tree, all removed at the end: cheaper than a temporary folder each.
        using var temp = new TempDirectory();
        temp.Write("outside.conf", "outside");
        temp.Write("data/other/secret.conf", "other role");
        var count = 0;
        Tree.Sample(
            entries =>
            {
                var folder = Build(temp.Combine("data", "core" + Interlocked.Increment(ref count)), entries);
                var role = NativeFiles.RealPath(folder)!;
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
            },
            iter: Inputs,
            print: e => string.Join(", ", e.Select(x => x.Target is null ? x.Name : $"{x.Name} -> {x.Target}")));
    }

    /// <summary>A role folder with the generated entries (each file holds the folder's own path), beside files that must never be read.</summary>
    private static string Build(string role, (string Name, string? Target)[] entries)
    {
        Directory.CreateDirectory(role);
        foreach (var (name, target) in entries)
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

            if (target is null)
            {
                // CreateNew (O_EXCL) never follows a link.
                using var stream = new FileStream(full, FileMode.CreateNew, FileAccess.Write);
                stream.Write(Encoding.UTF8.GetBytes(role));
            }
            else
            {
                File.CreateSymbolicLink(full, target);
            }
        }

        return role;
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
