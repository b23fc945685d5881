namespace PryvBus.Leader.Commands;

/// <summary>One retained version in <c>history --json</c> (meta fields as stored; files a number or null).</summary>
internal sealed record HistoryVersionOutput(long Serial, string? Created, int? Files, string? Sha256, string? Reason);
