using System.Text.Json;

namespace PryvBus.Shared.Versions;

/// <summary>
/// The one rule for the meta field <c>secretFiles</c>, used by the leader (is the current version still good?) and the
/// follower (may this version be written?): the field must be present, a JSON array of path strings (possibly empty),
/// and every path in it must be a file of the version. Anything else makes the version unusable.
/// </summary>
public static class SecretFilesField
{
    /// <summary>The secret paths, or null with <paramref name="problem"/> saying why the field is refused.</summary>
    public static HashSet<string>? Read(string? json, IEnumerable<string> files, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (Parse(json, out problem) is not { } paths)
        {
            return null;
        }

        var present = files as IReadOnlySet<string> ?? files.ToHashSet(StringComparer.Ordinal);
        return AllPresent(paths, present.Contains, out problem) ? paths : null;
    }

    /// <summary>The first half of <see cref="Read"/>: the field's text as a set of paths, or null with the problem.</summary>
    public static HashSet<string>? Parse(string? json, out string? problem)
    {
        if (string.IsNullOrEmpty(json))
        {
            problem = $"meta has no {MetaFields.SecretFiles}";
            return null;
        }

        var paths = ParseArray(json);
        problem = paths is null ? $"meta {MetaFields.SecretFiles} is not a JSON array of paths" : null;
        return paths;
    }

    /// <summary>The second half of <see cref="Read"/>: whether every secret path is a file of the version (<paramref name="isFile"/>).</summary>
    public static bool AllPresent(IReadOnlySet<string> paths, Func<string, bool> isFile, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(isFile);
        var missing = paths.FirstOrDefault(p => !isFile(p));
        problem = missing is null ? null : $"secret file '{VersionNumber.Excerpt(missing)}' is not part of the version";
        return missing is null;
    }

    private static HashSet<string>? ParseArray(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var paths = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    return null;
                }

                paths.Add(item.GetString()!);
            }

            return paths;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
