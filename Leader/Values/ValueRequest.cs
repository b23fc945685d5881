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
        : null;
}
