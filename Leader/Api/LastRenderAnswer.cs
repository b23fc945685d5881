namespace PryvBus.Leader.Api;

/// <summary>The last render pass as <c>/health</c> shows it.</summary>
internal sealed record LastRenderAnswer(DateTimeOffset At, bool Ok, IReadOnlyList<string> FailedRoles, string? Error);
