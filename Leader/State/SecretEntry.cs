namespace PryvBus.Leader.State;

/// <summary>One secret in the state folder: its value, and the values rotated out (still in retained versions, so masked).</summary>
public sealed class SecretEntry
{
    public required string Value { get; set; }

    public List<string> Retired { get; set; } = [];
}
