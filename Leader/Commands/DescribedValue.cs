namespace PryvBus.Leader.Commands;

/// <summary>One platform value as <c>describe</c> shows it (a sensitive one masked).</summary>
internal sealed record DescribedValue(string Name, string Value, bool Sensitive, string? Description, string? Constraints, string[] UsedIn);
