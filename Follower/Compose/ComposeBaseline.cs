using System.Text.Json;

namespace PryvBus.Follower.Compose;

/// <summary>
/// The definitions the compose project was last brought to, per service (service → digest), kept in
/// <c>{root}/.pryvbus/compose.json</c>. Compared with <c>pryv.yml</c> to find what to recreate; updated only for the
/// services actually brought up (or removed), so a failed service is tried again. Missing: nothing known yet, every
/// service of <c>pryv.yml</c> counts as added (an <c>up</c> of a service that already matches changes nothing).
/// </summary>
public sealed class ComposeBaseline
{
    public const string FileName = "compose.json";

    private readonly string _path;

    public ComposeBaseline(string configRoot)
    {
        ArgumentNullException.ThrowIfNull(configRoot);
        _path = Path.Combine(configRoot, ".pryvbus", FileName);
    }

    /// <summary>Service → digest; empty when the file is missing or unreadable (then everything is brought up again).</summary>
    public SortedDictionary<string, string> Read()
    {
        try
        {
            var state = JsonSerializer.Deserialize(File.ReadAllText(_path), CanonicalJsonContext.Default.SortedDictionaryStringString);
            return state is null
                ? new SortedDictionary<string, string>(StringComparer.Ordinal)
                : new SortedDictionary<string, string>(
                    state.Where(e => ComposeDefinition.IsServiceName(e.Key)).ToDictionary(e => e.Key, e => e.Value), StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return new SortedDictionary<string, string>(StringComparer.Ordinal);
        }
    }

    public void Write(SortedDictionary<string, string> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temp = _path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(file, services, CanonicalJsonContext.Default.SortedDictionaryStringString);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, _path, overwrite: true);
    }
}
