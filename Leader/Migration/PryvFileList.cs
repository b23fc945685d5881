namespace PryvBus.Leader.Migration;

/// <summary>
/// Which files of a role Pryv's leader serves (its <c>listConfFiles</c>): a <c>.json</c> file and another file with the
/// same name without extension, anywhere in the role, shadow each other (the <c>.json</c> one is dropped when it comes
/// second, replaces the other when it comes first). Files are visited folder by folder in name order.
/// </summary>
internal static class PryvFileList
{
    public static IEnumerable<KeyValuePair<string, byte[]>> Served(SortedDictionary<string, byte[]> files, string role, ICollection<string> leftOut)
    {
        var served = new List<string>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in VisitOrder(files.Keys))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var isJson = path.EndsWith(".json", StringComparison.Ordinal);
            if (seen.TryGetValue(name, out var earlier))
            {
                if (!earlier.EndsWith(".json", StringComparison.Ordinal) && isJson)
                {
                    leftOut.Add($"data/{role}/{path}: Pryv's leader never serves it (shadowed by {earlier})");
                    continue;
                }

                if (earlier.EndsWith(".json", StringComparison.Ordinal) && served.Remove(earlier))
                {
                    leftOut.Add($"data/{role}/{earlier}: Pryv's leader never serves it (shadowed by {path})");
                }
            }

            seen[name] = path;
            served.Add(path);
        }

        return served.Select(p => KeyValuePair.Create(p, files[p]));
    }

    /// <summary>Depth first, each folder's entries (files and folders together) in name order, as readdir lists them sorted.</summary>
    private static IEnumerable<string> VisitOrder(IEnumerable<string> paths) =>
        paths.OrderBy(p => p, Comparer<string>.Create((a, b) => string.CompareOrdinal(a.Replace('/', '\0'), b.Replace('/', '\0'))));
}
