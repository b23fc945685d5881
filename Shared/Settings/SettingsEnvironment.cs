namespace PryvBus.Shared.Settings;

/// <summary>
/// The environment variables a settings load reads, as one snapshot taken at load time (a test passes its own).
/// An empty variable counts as unset: compose passes <c>${VAR:-}</c> as an empty string.
/// </summary>
public sealed class SettingsEnvironment
{
    private readonly Func<string, string?> _get;
    private readonly Func<IEnumerable<string>> _names;

    private SettingsEnvironment(Func<string, string?> get, Func<IEnumerable<string>> names)
    {
        _get = get;
        _names = names;
    }

    /// <summary>The process's environment.</summary>
    public static SettingsEnvironment Process { get; } = new(
        Environment.GetEnvironmentVariable,
        () => Environment.GetEnvironmentVariables().Keys.OfType<string>().ToArray());

    /// <summary>An environment of exactly these variables.</summary>
    public static SettingsEnvironment From(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return new(name => variables.GetValueOrDefault(name), () => variables.Keys);
    }

    /// <summary>An environment read name by name (nothing to enumerate: no prefixed variable is found).</summary>
    public static SettingsEnvironment From(Func<string, string?> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        return new(get, () => []);
    }

    /// <summary>The value, or null when the variable is unset or empty.</summary>
    public string? Get(string name) => _get(name) is { Length: > 0 } value ? value : null;

    /// <summary>Names of the set variables that start with <paramref name="prefix"/>, sorted.</summary>
    public IReadOnlyList<string> NamesStartingWith(string prefix) =>
        _names().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && Get(n) is not null)
            .Order(StringComparer.Ordinal).ToArray();
}
