namespace PryvBus.Tests.Fixtures;

/// <summary>Copies of folder trees for the tests that swap a folder of a root for a (tampered) copy.</summary>
public static class FileTree
{
    /// <summary>Copies <paramref name="from"/> into <paramref name="to"/> (created): folders, files, and links as links (their targets as they are).</summary>
    public static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in Directory.EnumerateFileSystemEntries(from))
        {
            var target = Path.Combine(to, Path.GetFileName(entry));
            if (new FileInfo(entry).LinkTarget is { } linkTarget)
            {
                File.CreateSymbolicLink(target, linkTarget);
            }
            else if (Directory.Exists(entry))
            {
                Copy(entry, target);
            }
            else
            {
                File.Copy(entry, target);
            }
        }
    }
}
