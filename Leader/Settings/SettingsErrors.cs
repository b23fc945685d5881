namespace PryvBus.Leader.Settings;

/// <summary>Collects problems as "file: key: message".</summary>
public sealed class SettingsErrors(string fileName)
{
    private readonly List<string> _errors = [];

    public int Count => _errors.Count;

    public IReadOnlyList<string> All => _errors;

    public void Add(string key, string message) => _errors.Add($"{fileName}: {key}: {message}");
}
