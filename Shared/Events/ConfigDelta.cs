namespace PryvBus.Shared.Events;

/// <summary>
/// What a config event says changed since the version whose sha256 is <see cref="BaseSha256"/>: the files whose content
/// differs or that are new (<see cref="Changed"/>) and the files gone (<see cref="Removed"/>), in ordinal order. A follower
/// that holds that base fetches only the changed files and puts the version together from what it holds; the version's
/// signed sha256 still decides what is applied, so a wrong or forged delta costs it the whole version's fetch, never a
/// file (docs/design.md, "Events"). A change of more than <see cref="MaxPaths"/> files is announced without one.
/// </summary>
public sealed record ConfigDelta(string BaseSha256, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed)
{
    /// <summary>The most paths (changed and removed) an event names.</summary>
    public const int MaxPaths = 64;

    /// <summary>
    /// The most characters the paths take in an event's JSON (a character other than a letter, a digit or <c>/._-</c>
    /// counted as its six-character escape): 64 paths of the longest the path rule allows would make an event longer
    /// than the parser takes (64 K characters), and a refused event would leave the change to the poll.
    /// </summary>
    public const int MaxPathCharacters = 16 * 1024;

    /// <summary>
    /// The delta from <paramref name="before"/> (whose version's sha256 is <paramref name="baseSha256"/>) to
    /// <paramref name="after"/>; null when more than <see cref="MaxPaths"/> paths differ, or their names are longer than
    /// <see cref="MaxPathCharacters"/> together.
    /// </summary>
    public static ConfigDelta? Between(string baseSha256, IReadOnlyDictionary<string, byte[]> before, IReadOnlyDictionary<string, byte[]> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changed = new List<string>();
        foreach (var (path, content) in after)
        {
            if (!before.TryGetValue(path, out var old) || (!ReferenceEquals(old, content) && !old.AsSpan().SequenceEqual(content)))
            {
                changed.Add(path);
                if (changed.Count > MaxPaths)
                {
                    return null;
                }
            }
        }

        var removed = before.Keys.Where(path => !after.ContainsKey(path)).ToList();
        if (changed.Count + removed.Count > MaxPaths || changed.Concat(removed).Sum(JsonLength) > MaxPathCharacters)
        {
            return null;
        }

        changed.Sort(StringComparer.Ordinal);
        removed.Sort(StringComparer.Ordinal);
        return new ConfigDelta(baseSha256, changed, removed);
    }

    /// <summary>At most the characters <paramref name="path"/> takes in JSON, quotes included.</summary>
    private static int JsonLength(string path) =>
        2 + path.Sum(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' ? 1 : 6);
}
