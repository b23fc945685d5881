namespace PryvBus.Leader.Accounts;

/// <summary>A password login's result: the actor (source <c>console</c>) or the refusal.</summary>
public sealed record LoginOutcome(Actor? Actor, LoginRefusal Refusal)
{
    public bool Succeeded => Actor is not null;
}
