using System.Globalization;

namespace PryvBus.Shared.Paths;

/// <summary>
/// The one rule for the relative path of a configuration file, applied by the leader when it renders (the error names
/// the template) and by the follower before it writes anything. A path is '/'-separated text, relative to the role's
/// folder on the leader and to <c>${PRYV_CONF_ROOT}/pryv</c> on a follower, and is accepted only when it is:
/// not empty, at most <see cref="MaxLength"/> characters and <see cref="MaxDepth"/> segments, each segment non-empty,
/// not '.' or '..', at most <see cref="MaxSegmentBytes"/> UTF-8 bytes; free of backslashes, control characters
/// (NUL, tab, newline…), invisible format characters, line or paragraph separators and unpaired surrogates; without a
/// segment named <see cref="StateDirectory"/> (any case) or containing <see cref="TempMarker"/>.
/// What is on disk (symlinks) is checked by each side on top of this text rule.
/// </summary>
public static class ConfigPath
{
    /// <summary>The follower's own state folder under its root (manifest, last good copy, staging).</summary>
    public const string StateDirectory = ".pryvbus";

    /// <summary>Part of the name of the follower's temporary files, which its cleanup deletes.</summary>
    public const string TempMarker = ".pryvbus-tmp-";

    public const int MaxLength = 1024;

    public const int MaxDepth = 32;

    /// <summary>
    /// Linux's NAME_MAX (255 bytes) less what the follower adds to stage a file beside its target
    /// (<c>.{name}.pryvbus-tmp-{32 hex digits}</c>): a longer name could be stored but never written.
    /// </summary>
    public const int MaxSegmentBytes = 255 - 1 - 13 - 32;

    /// <summary>What is wrong with the path; null when it is acceptable. Never throws.</summary>
    public static string? Problem(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "empty path";
        }

        if (path.Length > MaxLength)
        {
            return $"longer than {MaxLength} characters";
        }

        var character = CharacterProblem(path);
        if (character is not null)
        {
            return character;
        }

        if (path.StartsWith('/'))
        {
            return "absolute path";
        }

        var segments = path.Split('/');
        if (segments.Length > MaxDepth)
        {
            return $"deeper than {MaxDepth} segments";
        }

        foreach (var segment in segments)
        {
            var problem = SegmentProblem(segment);
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    public static bool IsAcceptable(string? path) => Problem(path) is null;

    /// <summary>The path as it can be shown in a message or a log: every character the rule refuses is escaped.</summary>
    public static string Printable(string? path)
    {
        if (path is null)
        {
            return "(null)";
        }

        var builder = new System.Text.StringBuilder(path.Length);
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (Paired(path, i) is { } pair)
            {
                if (IsRefused(pair))
                {
                    builder.Append(string.Create(CultureInfo.InvariantCulture, $"\\U{pair:X8}"));
                }
                else
                {
                    builder.Append(c).Append(path[i + 1]);
                }

                i++;
            }
            else if (IsRefused(c))
            {
                builder.Append(c switch
                {
                    '\n' => "\\n",
                    '\t' => "\\t",
                    '\r' => "\\r",
                    _ => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                });
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string? CharacterProblem(string path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (Paired(path, i) is { } pair)
            {
                // A character beyond the Basic Multilingual Plane, judged whole: its category is the code point's
                // (tag characters, U+E0000–E007F, are invisible format characters as U+200B is).
                if (IsRefused(pair))
                {
                    return string.Create(CultureInfo.InvariantCulture, $"control or invisible character U+{pair:X}");
                }

                i++;
                continue;
            }

            if (c == '\\')
            {
                return "backslash";
            }

            if (IsRefused(c))
            {
                return c switch
                {
                    '\0' => "NUL character",
                    '\n' => "newline",
                    '\r' => "carriage return",
                    '\t' => "tab",
                    _ when char.IsSurrogate(c) => "unpaired surrogate (not Unicode text)",
                    _ => string.Create(CultureInfo.InvariantCulture, $"control or invisible character U+{(int)c:X4}"),
                };
            }
        }

        return null;
    }

    /// <summary>Characters no path may hold (a surrogate is refused here only when unpaired: the caller pairs them).</summary>
    private static bool IsRefused(char c) => char.IsSurrogate(c) || IsRefused((int)c);

    /// <summary>Code points no path may hold: controls, invisible format characters, line and paragraph separators.</summary>
    private static bool IsRefused(int codePoint) =>
        CharUnicodeInfo.GetUnicodeCategory(codePoint) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    /// <summary>The code point of the surrogate pair at <paramref name="i"/>; null when there is none.</summary>
    private static int? Paired(string path, int i) =>
        char.IsHighSurrogate(path[i]) && i + 1 < path.Length && char.IsLowSurrogate(path[i + 1])
            ? char.ConvertToUtf32(path[i], path[i + 1])
            : null;

    private static string? SegmentProblem(string segment)
    {
        if (segment.Length == 0)
        {
            return "empty segment";
        }

        if (segment is "." or "..")
        {
            return "'.' or '..' segment";
        }

        if (System.Text.Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
        {
            return $"a name longer than {MaxSegmentBytes} bytes";
        }

        if (string.Equals(segment, StateDirectory, StringComparison.OrdinalIgnoreCase))
        {
            return $"'{StateDirectory}' is reserved for the follower's state";
        }

        if (segment.Contains(TempMarker, StringComparison.OrdinalIgnoreCase))
        {
            return $"'{TempMarker}' marks the follower's temporary files";
        }

        return null;
    }
}
