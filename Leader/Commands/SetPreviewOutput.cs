namespace PryvBus.Leader.Commands;

/// <summary>One role's preview in <c>set --dry-run --json</c>.</summary>
internal sealed record SetPreviewOutput(string Role, bool Failed, IReadOnlyList<string> Errors, long? Current, IReadOnlyList<string> Changed);
