using PryvBus.Shared.Paths;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// Lists the inputs of a role's folder. An input is a regular file whose real path stays inside the role's folder:
/// either a file of the tree or a link to such a file (stored under the link's name). Folders are walked without
/// following links; a link to a folder, a link leaving the role's folder (<c>/etc/shadow</c>, <c>/proc/self/environ</c>,
/// another role), a dangling link, a fifo, a socket or a device is listed with its problem, and so is a name the
/// shared path rule (<see cref="ConfigPath"/>) refuses. Editors' temporary files are skipped.
/// </summary>
public static class TemplateTree
{
    /// <summary>Every entry in ordinal order of relative path; <paramref name="realRoot"/> is the role folder's real path.</summary>
    public static IReadOnlyList<TemplateEntry> Scan(string realRoot)
    {
        ArgumentNullException.ThrowIfNull(realRoot);
        var entries = new List<TemplateEntry>();
        Walk(realRoot, realRoot, string.Empty, 0, entries);
        return [.. entries.OrderBy(e => e.RelativePath, StringComparer.Ordinal)];
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or below it (both canonical).</summary>
    public static bool IsUnder(string path, string root)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(root);
        return path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);
    }

    private static void Walk(string realRoot, string directory, string prefix, int depth, List<TemplateEntry> entries)
    {
        string[] names;
        try
        {
            names = Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).OfType<string>().ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            entries.Add(new TemplateEntry(prefix.TrimEnd('/'), directory, "cannot list the folder: " + ex.Message));
            return;
        }

        foreach (var name in names)
        {
            var full = Path.Combine(directory, name);
            var relative = prefix + name;
            var type = NativeFiles.TypeOf(full);
            if (type == NativeFiles.DirectoryType)
            {
                if (depth + 1 >= ConfigPath.MaxDepth)
                {
                    entries.Add(new TemplateEntry(relative, full, $"folders nested deeper than {ConfigPath.MaxDepth}"));
                    continue;
                }

                Walk(realRoot, full, relative + "/", depth + 1, entries);
                continue;
            }

            if (TemplateFiles.IsIgnored(name))
            {
                continue;
            }

            entries.Add(Entry(realRoot, relative, full, type));
        }
    }

    private static TemplateEntry Entry(string realRoot, string relative, string full, int? type)
    {
        var nameProblem = TemplateFiles.NameProblem(relative);
        if (nameProblem is not null)
        {
            return new TemplateEntry(relative, full, "name not allowed (a follower would refuse it): " + nameProblem);
        }

        if (type == NativeFiles.Link)
        {
            return Link(realRoot, relative, full);
        }

        return type == NativeFiles.Regular
            ? new TemplateEntry(relative, full, null)
            : new TemplateEntry(relative, full, type is null ? "cannot be read" : "not a regular file (" + Describe(type.Value) + ")");
    }

    private static TemplateEntry Link(string realRoot, string relative, string full)
    {
        var target = new FileInfo(full).LinkTarget ?? "?";
        var real = NativeFiles.RealPath(full);
        if (real is null)
        {
            return new TemplateEntry(relative, full, $"link to '{ConfigPath.Printable(target)}' does not resolve (missing target or a loop)");
        }

        if (!IsUnder(real, realRoot))
        {
            return new TemplateEntry(relative, full, $"link to '{ConfigPath.Printable(target)}', outside the role's folder: only files inside it are rendered");
        }

        var type = NativeFiles.TypeOf(real);
        return type == NativeFiles.Regular
            ? new TemplateEntry(relative, real, null) { TargetRelativePath = Path.GetRelativePath(realRoot, real) }
            : new TemplateEntry(relative, full, $"link to '{ConfigPath.Printable(target)}', not to a regular file ({Describe(type ?? 0)}): links are followed to files only");
    }

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
