namespace PryvBus.Leader.WebConsole.Pages;

/// <summary>One role on the roles page: its current serial, whether a rollback pinned it, and how many versions are kept.</summary>
public sealed record RoleSummary(string Role, long? Current, long? PinnedAt, int Retained, string? Created, string? Reason);
