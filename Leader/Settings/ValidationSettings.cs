using PryvBus.Leader.Validation;

namespace PryvBus.Leader.Settings;

/// <summary>
/// The <c>validation</c> section: whether every rendered <c>.json</c>, <c>.yml</c> and <c>.yaml</c> file is parsed
/// before a version is stored (on by default), and the files that opt out (globs over <c>role/path</c>, as under
/// <c>data/</c>), for formats that only look like JSON or YAML.
/// </summary>
public sealed record ValidationSettings(bool Enabled, IReadOnlyList<FileGlob> Skip)
{
    public static ValidationSettings Default { get; } = new(Enabled: true, Skip: []);

    /// <summary>Whether the rendered file <paramref name="relativePath"/> of <paramref name="role"/> is parsed.</summary>
    public bool Checks(string role, string relativePath)
    {
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(relativePath);
        if (!Enabled || !OutputCheck.Applies(relativePath))
        {
            return false;
        }

        var path = role + "/" + relativePath;
        return !Skip.Any(glob => glob.Matches(path));
    }
}
