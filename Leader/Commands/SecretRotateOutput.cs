namespace PryvBus.Leader.Commands;

/// <summary><c>secrets rotate --json</c>: where it was rotated, which roles stored or failed.</summary>
internal sealed record SecretRotateOutput(string Name, IReadOnlyList<string> RotatedIn, string? Error, IEnumerable<RotatedRoleOutput> Stored, IEnumerable<string> Failed);
