namespace PryvBus.Leader.Migration;

/// <summary>
/// Writes the imported templates into a temporary folder beside the template tree, then renames each into place:
/// a failure while writing (a full disk) leaves the tree as it was. The temporary folder is always removed.
/// </summary>
internal static class ImportStaging
{
    public static string? Commit(string templatesPath, IReadOnlyList<(string Relative, byte[] Content)> files)
    {
        if (files.Count == 0)
        {
            return null;
        }

        var full = Path.GetFullPath(templatesPath);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.importing-{Guid.NewGuid():N}");
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                Directory.CreateDirectory(temp);
                File.WriteAllBytes(Path.Combine(temp, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), files[i].Content);
            }

            for (var i = 0; i < files.Count; i++)
            {
                var target = Path.Combine(full, files[i].Relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(Path.Combine(temp, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), target, overwrite: true);
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{full}: cannot write the templates ({ex.Message})";
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }
}
