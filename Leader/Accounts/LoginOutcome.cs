namespace PryvBus.Leader.Accounts;

/// <summary>A password login's result: the actor (source <c>console</c>) and its account's session stamp (<see cref="SessionStamps.Of"/>, read with the password hash checked), or the refusal.</summary>
public sealed record LoginOutcome(Actor? Actor, LoginRefusal Refusal, string? SessionStamp = null)
{
    public bool Succeeded => Actor is not null;
}
