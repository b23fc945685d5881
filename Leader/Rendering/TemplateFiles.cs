using PryvBus.Shared.Paths;

namespace PryvBus.Leader.Rendering;

/// <summary>Which files of a role's tree are inputs, and how to tell text templates from binary files.</summary>
public static class TemplateFiles
{
    /// <summary>Text files above this size are copied as they are instead of being rendered.</summary>
    public const int MaxTemplateBytes = 4 * 1024 * 1024;

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

    /// <summary>
    /// What makes a relative path unfit to be stored: the shared rule every follower applies before writing, so the
    /// leader never stores a version its followers would refuse.
    /// </summary>
    public static string? NameProblem(string relativePath) => ConfigPath.Problem(relativePath);

    /// <summary>A NUL byte or invalid UTF-8 means binary: copied as is, never templated.</summary>
    public static bool IsBinary(ReadOnlySpan<byte> content) =>
        content.Contains((byte)0) || !System.Text.Unicode.Utf8.IsValid(content);

    /// <summary>Files below a folder named <c>secret</c> or <c>secrets</c> (keys, certificates) are protected like rendered secrets.</summary>
    public static bool IsSecretPath(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var folders = relativePath.AsSpan();
        folders = folders[..Math.Max(folders.LastIndexOf('/'), 0)];
        foreach (var range in folders.Split('/'))
        {
            if (folders[range] is "secret" or "secrets")
            {
                return true;
            }
        }

        return false;
    }
}
