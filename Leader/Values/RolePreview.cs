namespace PryvBus.Leader.Values;

/// <summary>What a change would do to one role: the files that would change and their diff, masked (secret files named, never shown).</summary>
public sealed record RolePreview(string Role, bool Failed, IReadOnlyList<string> Errors, long? CurrentSerial, IReadOnlyList<string> Changed, string Diff);
