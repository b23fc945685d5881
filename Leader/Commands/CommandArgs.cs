namespace PryvBus.Leader.Commands;

/// <summary>The parsed command line: a verb path (<c>secrets rotate</c>), positional words, and --options.</summary>
public sealed class CommandArgs
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--dry-run", "--json", "--help", "--watch", "--reveal", "--force" };

    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public List<string> Words { get; } = [];

    public static CommandArgs Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new CommandArgs();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (Flags.Contains(arg) || arg == "-h")
            {
                result._flags.Add(arg == "-h" ? "--help" : arg);
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var (name, value) = arg.Contains('=', StringComparison.Ordinal)
                    ? (arg[..arg.IndexOf('=', StringComparison.Ordinal)], arg[(arg.IndexOf('=', StringComparison.Ordinal) + 1)..])
                    : (arg, i + 1 < args.Count ? args[++i] : throw new UsageException($"option {arg} needs a value"));
                if (!result._options.TryGetValue(name, out var values))
                {
                    result._options[name] = values = [];
                }

                values.Add(value);
            }
            else
            {
                result.Words.Add(arg);
            }
        }

        return result;
    }

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Option(string name) => _options.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> Options(string name) => _options.TryGetValue(name, out var values) ? values : [];

    /// <summary>Fails on options the verb does not know, so a typo is not silently ignored.</summary>
    public void AllowOnly(params string[] names)
    {
        var unknown = _options.Keys.Where(k => !names.Contains(k)).ToArray();
        if (unknown.Length > 0)
        {
            throw new UsageException($"unknown option {unknown[0]}");
        }
    }
}
