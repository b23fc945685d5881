namespace PryvBus.Shared.Events;

/// <summary>A message on the <c>{prefix}:events</c> channel.</summary>
public abstract record BusEvent
{
    public const string AllRoles = "*";

    /// <summary>The role the event concerns, or <see cref="AllRoles"/>.</summary>
    public abstract string Role { get; }

    public bool Concerns(string role) => Role == AllRoles || Role == role;

    /// <summary>The JSON form published on the channel.</summary>
    public abstract string ToJson();
}
