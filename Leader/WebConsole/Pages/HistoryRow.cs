namespace PryvBus.Leader.WebConsole.Pages;

/// <summary>One retained version of a role, from its meta hash.</summary>
public sealed record HistoryRow(long Serial, string? Created, string? Files, string? Sha256, string? Reason);
