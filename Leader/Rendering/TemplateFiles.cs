namespace PryvBus.Leader.Rendering;

/// <summary>Which files of a role's tree are inputs, and how to tell text templates from binary files.</summary>
public static class TemplateFiles
{
    /// <summary>Text files above this size are copied as they are instead of being rendered.</summary>
    public const int MaxTemplateBytes = 4 * 1024 * 1024;

    private static readonly EnumerationOptions Recursive = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.None,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Editors' temporary and backup files: never rendered, never a reason to re-render.</summary>
    public static bool IsIgnored(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return fileName.EndsWith('~')
            || fileName.StartsWith(".#", StringComparison.Ordinal)
            || (fileName.StartsWith('#') && fileName.EndsWith('#'))
            || fileName is "4913" or ".DS_Store"
            || fileName.EndsWith(".swp", StringComparison.Ordinal)
            || fileName.EndsWith(".swx", StringComparison.Ordinal)
            || fileName.EndsWith(".swo", StringComparison.Ordinal)
            || fileName.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase)
            || fileName.EndsWith(".kate-swp", StringComparison.Ordinal)
            || fileName.EndsWith(".bak", StringComparison.Ordinal);
    }

    /// <summary>The input files of a role: relative path with '/' → full path, in ordinal order.</summary>
    public static IReadOnlyList<(string RelativePath, string FullPath)> Enumerate(string roleDirectory)
    {
        ArgumentNullException.ThrowIfNull(roleDirectory);
        return Directory.EnumerateFiles(roleDirectory, "*", Recursive)
            .Where(f => !IsIgnored(Path.GetFileName(f)))
            .Select(f => (Path.GetRelativePath(roleDirectory, f).Replace(Path.DirectorySeparatorChar, '/'), f))
            .OrderBy(f => f.Item1, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>A NUL byte or invalid UTF-8 means binary: copied as is, never templated.</summary>
    public static bool IsBinary(ReadOnlySpan<byte> content) =>
        content.Contains((byte)0) || !System.Text.Unicode.Utf8.IsValid(content);

    /// <summary>Files below a folder named <c>secret</c> or <c>secrets</c> (keys, certificates) are protected like rendered secrets.</summary>
    public static bool IsSecretPath(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var segments = relativePath.Split('/');
        return segments[..^1].Any(s => s is "secret" or "secrets");
    }
}
