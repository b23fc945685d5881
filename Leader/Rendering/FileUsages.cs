namespace PryvBus.Leader.Rendering;

/// <summary>
/// Which files of a role's render use each name (a platform value, a secret), each file once. A role's files are
/// rendered one after another, so a file that reads a name again finds itself the last one recorded for it: no set per
/// name is needed.
/// </summary>
internal sealed class FileUsages
{
    private readonly Dictionary<string, List<string>> _files = new(StringComparer.Ordinal);

    public void Add(string name, string file)
    {
        if (!_files.TryGetValue(name, out var files))
        {
            _files[name] = [file];
        }
        else if (files[^1] != file)
        {
            files.Add(file);
        }
    }

    /// <summary>The names used.</summary>
    public IEnumerable<string> Names => _files.Keys;

    /// <summary>Name → the files using it, in the order they were rendered.</summary>
    public Dictionary<string, IReadOnlyCollection<string>> Freeze() =>
        _files.ToDictionary(u => u.Key, u => (IReadOnlyCollection<string>)u.Value, StringComparer.Ordinal);
}
