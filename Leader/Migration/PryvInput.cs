namespace PryvBus.Leader.Migration;

/// <summary>
/// The files of Pryv's config-leader folder the import reads: <c>conf/platform.yml</c> (or the template's
/// <c>conf/template-platform.yml</c>), <c>conf/config-leader.json</c> (or <c>template-config-leader.json</c>) and
/// every file under <c>data/{role}/</c>. Links are never followed and unreadable files never crash the import: both are
/// reported. Placeholders (<c>.gitkeep</c>), state folders (<c>data/</c>, <c>log/</c>, <c>backup/</c> inside a role)
/// and editors' files are left out and listed.
/// </summary>
internal sealed class PryvInput
{
    private static readonly string[] StateFolders = ["data", "log", "backup"];

    public required string Root { get; init; }

    public string? PlatformText { get; private set; }

    public string PlatformDisplay { get; private set; } = "conf/platform.yml";

    public string? LeaderText { get; private set; }

    public string LeaderDisplay { get; private set; } = "conf/config-leader.json";

    /// <summary>role → relative path → content.</summary>
    public SortedDictionary<string, SortedDictionary<string, byte[]>> Roles { get; } = new(StringComparer.Ordinal);

    public List<string> LeftOut { get; } = [];

    public int Placeholders { get; private set; }

    public static PryvInput Read(string root, ICollection<string> problems)
    {
        var input = new PryvInput { Root = root };
        (input.PlatformText, input.PlatformDisplay) = input.ReadConf(problems, "platform.yml", "template-platform.yml");
        (input.LeaderText, input.LeaderDisplay) = input.ReadConf(problems, "config-leader.json", "template-config-leader.json");
        var data = Path.Combine(root, "data");
        if (!IsRealDirectory(data))
        {
            problems.Add(new DirectoryInfo(data).LinkTarget is null
                ? "data/: not a folder (the role templates are expected in data/{role}/)"
                : "data/: a symbolic link: not followed");
            return input;
        }

        foreach (var entry in Entries(data, "data", problems))
        {
            var name = entry.Name;
            if (entry.LinkTarget is not null)
            {
                problems.Add($"data/{name}: a symbolic link: not followed (copy what it points to into the folder)");
            }
            else if (entry is not DirectoryInfo)
            {
                input.LeftOut.Add($"data/{name}: a file outside any role folder");
            }
            else if (!Shared.RedisKeys.IsValidRole(name))
            {
                problems.Add($"data/{name}: not a role name (lower-case letters, digits, '-', '_')");
            }
            else
            {
                var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
                input.Roles[name] = files;
                input.Walk(entry.FullName, $"data/{name}", string.Empty, files, problems);
            }
        }

        return input;
    }

    private (string? Text, string Display) ReadConf(ICollection<string> problems, params string[] names)
    {
        foreach (var name in names)
        {
            var path = Path.Combine(Root, "conf", name);
            var display = $"conf/{name}";
            var info = new FileInfo(path);
            if (!info.Exists && info.LinkTarget is null)
            {
                continue;
            }

            if (info.LinkTarget is not null)
            {
                problems.Add($"{display}: a symbolic link: not followed");
                return (null, display);
            }

            if (Rendering.NativeFiles.IdentityOf(path) is not { } identity || (identity.Type & Rendering.NativeFiles.TypeMask) != Rendering.NativeFiles.Regular)
            {
                problems.Add($"{display}: not a regular file: not read");
                return (null, display);
            }

            if (identity.Size > Rendering.TemplateFiles.MaxTemplateBytes)
            {
                problems.Add($"{display}: over {Rendering.TemplateFiles.MaxTemplateBytes} bytes: not read");
                return (null, display);
            }

            try
            {
                return (File.ReadAllText(path), display);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{display}: cannot read ({ex.Message})");
                return (null, display);
            }
        }

        problems.Add($"conf/{names[0]}: missing");
        return (null, $"conf/{names[0]}");
    }

    private void Walk(string directory, string display, string relative, SortedDictionary<string, byte[]> files, ICollection<string> problems)
    {
        foreach (var entry in Entries(directory, display, problems))
        {
            var path = relative.Length == 0 ? entry.Name : $"{relative}/{entry.Name}";
            var shown = $"{display}/{entry.Name}";
            if (entry.LinkTarget is not null)
            {
                problems.Add($"{shown}: a symbolic link: not followed (copy what it points to into the folder)");
            }
            else if (entry is DirectoryInfo)
            {
                // data/{role}/{component}/data|log|backup: the component's state, never configuration.
                if (relative.Length > 0 && !relative.Contains('/') && StateFolders.Contains(entry.Name))
                {
                    var inside = Directory.EnumerateFiles(entry.FullName, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
                        .Where(f => Path.GetFileName(f) != ".gitkeep").Take(1).Any();
                    if (inside)
                    {
                        LeftOut.Add($"{shown}/: a state folder (its files are the component's data, not configuration)");
                    }
                    else
                    {
                        Placeholders++;
                    }

                    continue;
                }

                Walk(entry.FullName, shown, path, files, problems);
            }
            else if (entry.Name == ".gitkeep")
            {
                Placeholders++;
            }
            else if (Rendering.TemplateFiles.IsIgnored(entry.Name))
            {
                LeftOut.Add($"{shown}: an editor's temporary or backup file");
            }
            else if (Rendering.NativeFiles.IdentityOf(entry.FullName) is not { } identity || (identity.Type & Rendering.NativeFiles.TypeMask) != Rendering.NativeFiles.Regular)
            {
                problems.Add($"{shown}: not a regular file (a fifo, socket or device): not read");
            }
            else if (identity.Size > Rendering.TemplateFiles.MaxTemplateBytes)
            {
                problems.Add($"{shown}: over {Rendering.TemplateFiles.MaxTemplateBytes} bytes: not a configuration template");
            }
            else if (Rendering.TemplateFiles.NameProblem(path) is { } nameProblem)
            {
                problems.Add($"{shown}: {nameProblem}");
            }
            else
            {
                try
                {
                    files[path] = File.ReadAllBytes(entry.FullName);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    problems.Add($"{shown}: cannot read ({ex.Message})");
                }
            }
        }
    }

    private static IEnumerable<FileSystemInfo> Entries(string directory, string display, ICollection<string> problems)
    {
        try
        {
            return new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{display}/: cannot list ({ex.Message})");
            return [];
        }
    }

    private static bool IsRealDirectory(string path) => new DirectoryInfo(path) is { Exists: true, LinkTarget: null };
}
