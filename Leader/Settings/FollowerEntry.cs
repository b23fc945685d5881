namespace PryvBus.Leader.Settings;

/// <summary>A follower declared in config-leader.json: its id, the role of its machine, and its symmetric key.</summary>
public sealed record FollowerEntry(string Id, string Role, string Key)
{
    /// <summary>Never print the key.</summary>
    public override string ToString() => $"{Id} ({Role})";
}
