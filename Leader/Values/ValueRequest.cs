using System.Text.Json;

namespace PryvBus.Leader.Values;

/// <summary>A change of one platform value: its new value (any JSON), why, whether to only preview it, and the ETag it is based on (null: the file as read now).</summary>
public sealed record ValueRequest(string Name, JsonElement Value, string Reason, bool DryRun = false, string? IfMatch = null)
{
    public const int MaxReasonLength = 500;

    /// <summary>Why a reason cannot be kept (it goes to the versions' meta, the audit trail and the log); null when it can.</summary>
    public static string? ReasonProblem(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? "a reason is required: why this change (it is kept in the versions and the audit trail)"
        : reason.Length > MaxReasonLength ? $"the reason must be at most {MaxReasonLength} characters"
        : reason.Any(char.IsControl) ? "the reason must be one line without control characters"
        : Hidden(reason) ? "the reason must not hold invisible or reordering characters (format characters such as U+202E, line or paragraph separators, half of a surrogate pair)"
        : null;

    /// <summary>Whether <paramref name="reason"/> holds what shows as something else than it is: format characters, line or paragraph separators, a lone surrogate.</summary>
    private static bool Hidden(string reason)
    {
        for (var i = 0; i < reason.Length; i++)
        {
            if (char.IsHighSurrogate(reason[i]) && i + 1 < reason.Length && char.IsLowSurrogate(reason[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(reason[i]) || char.GetUnicodeCategory(reason[i]) is System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator)
            {
                return true;
            }
        }

        return false;
    }
}
