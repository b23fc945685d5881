using System.Text.RegularExpressions;

namespace PryvBus.Tests.Architecture;

/// <summary>
/// The dependencies between namespaces (one per folder) read from the sources: a file depends on the namespace of
/// every type it names that it can see (its usings, its enclosing namespaces, or a fully qualified name). A source
/// scan rather than reflection so a reference inside a method body counts too.
/// </summary>
public sealed partial class FolderGraph
{
    private readonly Dictionary<string, HashSet<(string To, string Type, string File)>> _edges = [];

    private FolderGraph()
    {
    }

    public IEnumerable<(string From, string To, string Type, string File)> Edges =>
        _edges.SelectMany(pair => pair.Value.Select(edge => (pair.Key, edge.To, edge.Type, edge.File)));

    public static FolderGraph FromFolders(string root, params string[] folders)
    {
        var sources = folders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToDictionary(path => Path.GetRelativePath(root, path), File.ReadAllText);
        return FromSources(sources);
    }

    public static FolderGraph FromSources(IReadOnlyDictionary<string, string> sources)
    {
        var code = sources.ToDictionary(pair => pair.Key, pair => Strip(pair.Value));
        var namespaces = code.ToDictionary(pair => pair.Key, pair => NamespaceOf(pair.Value));
        var declared = new Dictionary<string, HashSet<string>>();
        foreach (var (file, text) in code)
        {
            foreach (Match match in Declaration().Matches(text))
            {
                declared.TryAdd(match.Groups[1].Value, []);
                declared[match.Groups[1].Value].Add(namespaces[file]);
            }
        }

        var graph = new FolderGraph();
        foreach (var (file, text) in code)
        {
            graph.AddFile(file, text, namespaces[file], declared);
        }

        return graph;
    }

    /// <summary>The groups of namespaces that depend on each other (strongly connected, more than one).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles() => new CycleFinder(
        _edges.ToDictionary(pair => pair.Key, pair => pair.Value.Select(edge => edge.To).ToHashSet())).Find();

    private void AddFile(string file, string text, string ns, Dictionary<string, HashSet<string>> declared)
    {
        var visible = Using().Matches(text).Select(match => match.Groups[1].Value).ToHashSet();
        var parts = ns.Split('.');
        for (var length = 1; length < parts.Length; length++)
        {
            visible.Add(string.Join('.', parts[..length]));
        }

        foreach (var chain in Qualified().Matches(text).Select(match => match.Value.Split('.')))
        {
            for (var split = 1; split < chain.Length; split++)
            {
                var target = string.Join('.', chain[..split]);
                if (declared.TryGetValue(chain[split], out var homes) && homes.Contains(target))
                {
                    Add(ns, target, chain[split], file);
                }
            }
        }

        foreach (var name in Identifier().Matches(text).Select(match => match.Value).Distinct())
        {
            if (!declared.TryGetValue(name, out var homes) || homes.Contains(ns))
            {
                continue;
            }

            foreach (var home in homes.Where(visible.Contains))
            {
                Add(ns, home, name, file);
            }
        }
    }

    private void Add(string from, string to, string type, string file)
    {
        if (from == to)
        {
            return;
        }

        _edges.TryAdd(from, []);
        _edges[from].Add((to, type, file));
    }

    private static string NamespaceOf(string text) => FileNamespace().Match(text) is { Success: true } match
        ? match.Groups[1].Value
        : string.Empty;

    private static string Strip(string text) => StringLiteral().Replace(Comment().Replace(text, " "), "\"\"");

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex("\"(?:\\\\.|[^\"\\\\\\n])*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex FileNamespace();

    [GeneratedRegex(@"^using\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex Using();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+([A-Z]\w*)")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"\b[A-Z]\w*(?:\.[A-Z]\w*)+")]
    private static partial Regex Qualified();

    [GeneratedRegex(@"\b[A-Z]\w*\b")]
    private static partial Regex Identifier();
}
