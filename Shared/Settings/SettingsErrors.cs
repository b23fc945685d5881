namespace PryvBus.Shared.Settings;

/// <summary>
/// Every problem of one load, as "file: key: message" (or "environment: VARIABLE: message"), so an operator fixes
/// them all in one go. Never holds a credential's value.
/// </summary>
public sealed class SettingsErrors(string file)
{
    /// <summary>What stands for the file in an error about an environment variable.</summary>
    public const string EnvironmentSource = "environment";

    private readonly List<string> _errors = [];

    public string File { get; } = file;

    public int Count => _errors.Count;

    public IReadOnlyList<string> All => _errors;

    public void Add(string key, string message) => AddLine($"{File}: {key}: {message}");

    public void AddVariable(string variable, string message) => AddLine($"{EnvironmentSource}: {variable}: {message}");

    /// <summary>A problem that is not about one key (unreadable file, invalid JSON): already formatted, names the file.</summary>
    public void AddLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);

        // One problem, one line: text echoed from the file (a key, a bad value) must not forge or break lines.
        _errors.Add(line.Any(char.IsControl) ? new string(line.Select(c => char.IsControl(c) ? '?' : c).ToArray()) : line);
    }
}
