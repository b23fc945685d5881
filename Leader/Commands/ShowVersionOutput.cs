namespace PryvBus.Leader.Commands;

/// <summary><c>show ROLE SERIAL --json</c>.</summary>
internal sealed record ShowVersionOutput(string Role, long Serial, string Sha256, string? Created, string? Reason, ShownFileOutput[] Files);
