namespace PryvBus.Follower.Compose;

/// <summary>
/// How a compose file's services differ from the definitions the project was last brought to: each list sorted by name.
/// </summary>
public sealed record ComposeChanges(IReadOnlyList<string> Changed, IReadOnlyList<string> Added, IReadOnlyList<string> Removed)
{
    public bool IsEmpty => Changed.Count == 0 && Added.Count == 0 && Removed.Count == 0;

    /// <summary>The services to bring up: changed and added.</summary>
    public IReadOnlyList<string> ToBringUp => Changed.Concat(Added).Order(StringComparer.Ordinal).ToArray();

    /// <param name="applied">Service → digest of the definition the project was last brought to.</param>
    /// <param name="wanted">The compose file now.</param>
    public static ComposeChanges Compare(IReadOnlyDictionary<string, string> applied, ComposeDefinition wanted)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(wanted);
        var changed = new List<string>();
        var added = new List<string>();
        foreach (var (name, service) in wanted.Services)
        {
            if (!applied.TryGetValue(name, out var digest))
            {
                added.Add(name);
            }
            else if (digest != service.Digest)
            {
                changed.Add(name);
            }
        }

        var removed = applied.Keys.Where(name => !wanted.Services.ContainsKey(name));
        return new ComposeChanges(Sorted(changed), Sorted(added), Sorted(removed));
    }

    private static string[] Sorted(IEnumerable<string> names) => names.Order(StringComparer.Ordinal).ToArray();
}
