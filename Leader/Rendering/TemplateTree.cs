using System.ComponentModel;
using PryvBus.Shared.Paths;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// Lists the inputs of a role's folder. An input is a regular file of the role's folder itself (one name, same
/// filesystem and mount): either a file of the tree or a link to such a file (stored under the link's name). Folders are
/// opened from the role folder's descriptor with no link or mount on the way (<see cref="BeneathOpen"/>) and listed from
/// their descriptor, so a folder swapped for a link is never listed; a link to a folder, a link leaving the role's
/// folder (<c>/etc/shadow</c>, <c>/proc/self/environ</c>, another role), a dangling link, a fifo, a socket, a device, a
/// hard link, a mount point is listed with its problem, and so is a name the shared path rule (<see cref="ConfigPath"/>)
/// refuses. Editors' temporary files are skipped.
/// </summary>
public static class TemplateTree
{
    /// <summary>Every entry in ordinal order of relative path; <paramref name="realRoot"/> is the role folder's real path.</summary>
    public static IReadOnlyList<TemplateEntry> Scan(string realRoot)
    {
        ArgumentNullException.ThrowIfNull(realRoot);
        try
        {
            using var folder = RoleFolder.Open(realRoot);
            return Scan(folder);
        }
        catch (IOException ex)
        {
            return [new TemplateEntry(string.Empty, realRoot, ex.Message)];
        }
    }

    /// <summary>Every entry of the open role folder, in ordinal order of relative path.</summary>
    /// <param name="scan">The role's folder.</param>
    /// <param name="previous">The folders listed by the last scan: one whose identity did not change is not listed again.</param>
    /// <param name="next">Receives this scan's folders (settled at <paramref name="now"/>), for the next one.</param>
    /// <param name="now">The time the folders' change times are compared with.</param>
    /// <param name="accepted">Whether a path is one an earlier scan found acceptable (the path rule is not applied again).</param>
    internal static IReadOnlyList<TemplateEntry> Scan(
        RoleFolder scan, FolderStamps? previous = null, FolderStamps? next = null, DateTimeOffset now = default, Func<string, bool>? accepted = null)
    {
        var entries = new List<TemplateEntry>();
        Walk(new Pass(scan, previous, next, now, accepted), string.Empty, scan.Identity, 0, entries);
        return [.. entries.OrderBy(e => e.RelativePath, StringComparer.Ordinal)];
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or below it (both canonical).</summary>
    public static bool IsUnder(string path, string root)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(root);
        return path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);
    }

    /// <param name="pass">The scan.</param>
    /// <param name="folder">The folder, relative to the role's.</param>
    /// <param name="identity">What the folder was before it is listed (from its parent's listing).</param>
    /// <param name="depth">How deep it is.</param>
    /// <param name="entries">Receives the inputs.</param>
    private static void Walk(Pass pass, string folder, FileIdentity? identity, int depth, List<TemplateEntry> entries)
    {
        var scan = pass.Folder;
        var prefix = folder.Length == 0 ? string.Empty : folder + "/";
        List<(string Name, FileIdentity? Identity)> names;
        if (pass.Previous?.Names(folder, identity) is { } known && FolderListing.Describe(scan.Fd, folder, identity, known) is { } described)
        {
            names = described;
        }
        else
        {
            try
            {
                names = List(scan, folder);
            }
            catch (IOException ex)
            {
                entries.Add(new TemplateEntry(folder, Path.Combine(scan.RealRoot, folder), "cannot list the folder: " + ex.Message));
                return;
            }
        }

        pass.Next?.Keep(folder, identity, names.Select(n => n.Name), pass.Now);
        foreach (var (name, entryIdentity) in names)
        {
            var relative = prefix + name;
            if (entryIdentity?.Type == NativeFiles.DirectoryType)
            {
                if (depth + 1 >= ConfigPath.MaxDepth)
                {
                    entries.Add(new TemplateEntry(relative, Path.Combine(scan.RealRoot, relative), $"folders nested deeper than {ConfigPath.MaxDepth}"));
                    continue;
                }

                Walk(pass, relative, entryIdentity, depth + 1, entries);
                continue;
            }

            if (!TemplateFiles.IsIgnored(name))
            {
                entries.Add(Entry(pass, relative, entryIdentity));
            }
        }
    }

    /// <summary>Opens the folder from the role folder's descriptor (no link, <c>..</c> or mount on the way) and lists it.</summary>
    /// <exception cref="IOException">It cannot be opened or listed.</exception>
    private static List<(string Name, FileIdentity? Identity)> List(RoleFolder scan, string folder)
    {
        var (fd, error) = folder.Length == 0 ? scan.Duplicate() : BeneathOpen.Open(scan.Fd, folder, BeneathOpen.Directory);
        return fd >= 0 ? FolderListing.List(fd) : throw new IOException(error switch
        {
            BeneathOpen.CrossDevice => "on another filesystem or mount than the role's folder (a mount point or a bind mount): not rendered",
            BeneathOpen.Loop => "changed while being listed: a link appeared on the way (nothing was listed through it)",
            _ => new Win32Exception(error).Message,
        });
    }

    private static TemplateEntry Entry(Pass pass, string relative, FileIdentity? identity)
    {
        var scan = pass.Folder;
        var full = Path.Combine(scan.RealRoot, relative);
        if (pass.Accepted?.Invoke(relative) != true && TemplateFiles.NameProblem(relative) is { } nameProblem)
        {
            return new TemplateEntry(relative, full, "name not allowed (a follower would refuse it): " + nameProblem);
        }

        return identity switch
        {
            null => new TemplateEntry(relative, full, "cannot be read"),
            { Type: NativeFiles.Link } => Link(scan, relative, full) with { IsLink = true },
            { Type: NativeFiles.Regular } file => new TemplateEntry(relative, full, TemplateFileReader.Problem(file, scan.Identity)) { Identity = file },
            { Type: var type } => new TemplateEntry(relative, full, "not a regular file (" + Describe(type) + ")"),
        };
    }

    private static TemplateEntry Link(RoleFolder scan, string relative, string full)
    {
        var target = ConfigPath.Printable(new FileInfo(full).LinkTarget ?? "?");
        var real = NativeFiles.RealPath(full);
        if (real is null)
        {
            return new TemplateEntry(relative, full, $"link to '{target}' does not resolve (missing target or a loop)");
        }

        if (!IsUnder(real, scan.RealRoot))
        {
            return new TemplateEntry(relative, full, $"link to '{target}', outside the role's folder: only files inside it are rendered");
        }

        var identity = NativeFiles.IdentityOf(real);
        if (identity is not { Type: NativeFiles.Regular } file)
        {
            return new TemplateEntry(relative, full, $"link to '{target}', not to a regular file ({Describe(identity?.Type ?? 0)}): links are followed to files only");
        }

        return TemplateFileReader.Problem(file, scan.Identity) is { } problem
            ? new TemplateEntry(relative, full, $"link to '{target}', whose file is refused: {problem}")
            : new TemplateEntry(relative, real, null) { TargetRelativePath = Path.GetRelativePath(scan.RealRoot, real) };
    }

    /// <summary>One scan: the role's folder, the folders the last scan listed, the ones this scan keeps, its time, the paths known good.</summary>
    private sealed record Pass(RoleFolder Folder, FolderStamps? Previous, FolderStamps? Next, DateTimeOffset Now, Func<string, bool>? Accepted);

    private static string Describe(int type) => type switch
    {
        NativeFiles.DirectoryType => "a folder",
        0x1000 => "a fifo",
        0xC000 => "a socket",
        0x2000 => "a character device",
        0x6000 => "a block device",
        _ => "an unknown kind of file",
    };
}
