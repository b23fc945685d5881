namespace PryvBus.Leader.Commands;

/// <summary><c>reload --json</c>.</summary>
internal sealed record ReloadOutput(string Role, IReadOnlyList<string> Components, long Receivers);
