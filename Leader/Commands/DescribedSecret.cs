namespace PryvBus.Leader.Commands;

/// <summary>One secret as <c>describe</c> shows it: its scope, length and users, never its value.</summary>
internal sealed record DescribedSecret(string Name, string Scope, int Length, string? Description, bool Declared, string[] UsedIn);
