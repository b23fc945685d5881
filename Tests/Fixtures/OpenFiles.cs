namespace PryvBus.Tests.Fixtures;

/// <summary>What this test process holds open, read from <c>/proc/self/fd</c>.</summary>
internal static class OpenFiles
{
    /// <summary>The paths this process's descriptors lead to under <paramref name="folder"/>, sorted; a deleted file's ends with " (deleted)".</summary>
    public static List<string> Under(string folder) =>
        [.. Directory.EnumerateFileSystemEntries("/proc/self/fd")
            .Select(Target)
            .OfType<string>()
            .Where(target => target.StartsWith(folder + "/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    private static string? Target(string descriptor)
    {
        try
        {
            return File.ResolveLinkTarget(descriptor, returnFinalTarget: false)?.FullName;
        }
        catch (IOException)
        {
            return null; // closed since it was listed
        }
    }
}
