using PryvBus.Leader.Rendering;

namespace PryvBus.Leader.Migration;

/// <summary>
/// The files of one old component folder, in ordinal order, relative to it. State folders (<c>data/</c>, <c>log/</c>,
/// <c>backup/</c>) at its top, editors' backup and temporary files and links to folders are listed as skipped; a
/// broken link, a fifo, socket or device, or a folder that cannot be listed is a problem. Never throws for what it finds on disk.
/// </summary>
internal static class OldTreeWalker
{
    public static IReadOnlyList<string> Files(string folder, string display, List<string> skipped, List<string> problems)
    {
        var result = new List<string>();
        Walk(folder, string.Empty, display, result, skipped, problems);
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    private static void Walk(string folder, string relative, string display, List<string> result, List<string> skipped, List<string> problems)
    {
        FileSystemInfo[] entries;
        try
        {
            entries = new DirectoryInfo(folder).GetFileSystemInfos();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{display}/{relative}: cannot list the folder ({ex.Message})");
            return;
        }

        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var path = relative.Length == 0 ? entry.Name : $"{relative}/{entry.Name}";
            var shown = $"{display}/{path}";
            if (entry.LinkTarget is not null)
            {
                var target = Resolve(entry);
                if (target is null || !target.Exists)
                {
                    problems.Add($"{shown}: a broken link (to {entry.LinkTarget})");
                    continue;
                }

                if (target is DirectoryInfo)
                {
                    skipped.Add($"{shown}/ (a link to a folder: not followed)");
                    continue;
                }
            }
            else if (entry is DirectoryInfo)
            {
                if (relative.Length == 0 && OldLayout.StateFolders.Contains(entry.Name))
                {
                    skipped.Add($"{shown}/ (state, not configuration: see import-data)");
                }
                else
                {
                    Walk(entry.FullName, path, display, result, skipped, problems);
                }

                continue;
            }

            if (TemplateFiles.IsIgnored(entry.Name) || entry.Name.EndsWith(".orig", StringComparison.Ordinal) || entry.Name.EndsWith(".rej", StringComparison.Ordinal))
            {
                skipped.Add($"{shown} (an editor's backup or temporary file: ignored)");
                continue;
            }

            var real = entry.LinkTarget is null ? entry.FullName : Resolve(entry)!.FullName;
            if (NativeFiles.IdentityOf(real) is not { } identity || (identity.Type & NativeFiles.TypeMask) != NativeFiles.Regular)
            {
                problems.Add($"{shown}: not a regular file (a fifo, socket or device): not read");
                continue;
            }

            result.Add(path);
        }
    }

    private static FileSystemInfo? Resolve(FileSystemInfo link)
    {
        try
        {
            return link.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException)
        {
            return null; // a link loop
        }
    }
}
