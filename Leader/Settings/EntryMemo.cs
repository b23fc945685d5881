using System.Text.Json;

namespace PryvBus.Leader.Settings;

/// <summary>
/// What the last load of a settings file that had no problem read from each entry of one map section (platform values,
/// secret specs), by the entry's name and exact text. A load finding an entry written as it was then takes what was read
/// from it instead of reading it again, so a value change's reload reads again the one entry that changed. What a load
/// read is kept only once its whole document completed without a problem (<see cref="Keep"/>): every key of the entry
/// was known, none came twice, its value met its constraints. Each such load (a reload, a value change's edited text,
/// a dry run's) replaces what the memo holds, so it holds one text's entries at most; a sensitive platform value is
/// never kept (<see cref="PlatformReader"/>): its text would stay in memory until the next such load.
/// </summary>
internal sealed class EntryMemo<T>
    where T : class
{
    private Dictionary<string, T> _kept = new(StringComparer.Ordinal);

    /// <summary>The entry's memo key: its name and its exact text (comments and spacing inside included).</summary>
    public static string KeyOf(string name, JsonElement value) => name + "\0" + value.GetRawText();

    /// <summary>What a load with no problem read from the entry written exactly so; null otherwise.</summary>
    public T? Find(string key) => Volatile.Read(ref _kept).GetValueOrDefault(key);

    /// <summary>A load completed without a problem: what it read (<paramref name="read"/>, by key) replaces what was kept.</summary>
    public void Keep(Dictionary<string, T> read) => Volatile.Write(ref _kept, read);
}
