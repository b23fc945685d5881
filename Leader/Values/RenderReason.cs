namespace PryvBus.Leader.Values;

/// <summary>
/// The reason a render is asked for with, by <c>POST /admin/render</c> and by <c>render --reason</c>: optional (the caller
/// then names itself), and when given, checked as a value change's reason (<see cref="ValueRequest.ReasonProblem"/>),
/// since it goes to the versions' meta, the audit trail and the log; kept trimmed.
/// </summary>
internal static class RenderReason
{
    /// <param name="reason">The reason given; null when none was (the default is then used).</param>
    public static string? Problem(string? reason) => reason is null ? null : ValueRequest.ReasonProblem(reason);

    /// <summary>The reason to store: the one given (already checked with <see cref="Problem"/>) trimmed, else <paramref name="fallback"/>.</summary>
    public static string Kept(string? reason, string fallback) => reason?.Trim() ?? fallback;
}
