namespace PryvBus.Leader.Commands;

/// <summary>
/// What one verb was given, already parsed and checked by System.CommandLine (<see cref="LeaderVerbs"/>): the verb path
/// and its positional words (<c>secrets rotate NAME</c>), the flags set and the options' values.
/// </summary>
public sealed class CommandArgs
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public CommandArgs(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        Words.AddRange(words);
    }

    public List<string> Words { get; } = [];

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Option(string name) => _options.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> Options(string name) => _options.TryGetValue(name, out var values) ? values : [];

    public CommandArgs Flag(string flag, bool set)
    {
        if (set)
        {
            _flags.Add(flag);
        }

        return this;
    }

    public CommandArgs With(string name, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToList();
        if (list.Count > 0)
        {
            _options[name] = list;
        }

        return this;
    }
}
