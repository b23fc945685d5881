using System.Text;
using System.Text.RegularExpressions;

namespace PryvBus.Leader.Validation;

/// <summary>
/// A glob over '/'-separated paths: <c>*</c> is any text within one segment, <c>**</c> any number of segments
/// (<c>**/x.yml</c> matches <c>x.yml</c> at any depth), <c>?</c> one character of a segment; everything else is literal.
/// Matched without backtracking: no pattern can make a match slow.
/// </summary>
public sealed class FileGlob
{
    private const int MaxLength = 256;
    private readonly Regex _regex;

    private FileGlob(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
    }

    public string Pattern { get; }

    public bool Matches(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _regex.IsMatch(path);
    }

    /// <summary>The glob, or null with the reason it cannot be one.</summary>
    public static FileGlob? TryParse(string pattern, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        problem = pattern.Length == 0 ? "must not be empty"
            : pattern.Length > MaxLength ? $"must be at most {MaxLength} characters"
            : pattern.Any(char.IsControl) ? "must not hold control characters"
            : pattern.StartsWith('/') ? "must be relative to the template folder (role/path), not start with '/'"
            : null;
        return problem is null ? new FileGlob(pattern, new Regex(ToRegex(pattern), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)) : null;
    }

    public override string ToString() => Pattern;

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern.AsSpan(i).StartsWith("**/"))
            {
                regex.Append("(?:[^/]*/)*");
                i += 2;
            }
            else if (pattern.AsSpan(i).StartsWith("**"))
            {
                regex.Append(".*");
                i += 1;
            }
            else
            {
                regex.Append(pattern[i] switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    var c => Regex.Escape(c.ToString()),
                });
            }
        }

        return regex.Append('$').ToString();
    }
}
