namespace PryvBus.Leader.Accounts;

/// <summary>What a presented operator token is worth: the actor, or why it is refused (never the token).</summary>
public sealed record TokenCheck(Actor? Actor, string? TokenId, string? Refusal)
{
    public static TokenCheck Accepted(Actor actor, string tokenId) => new(actor, tokenId, null);

    public static TokenCheck Refused(string? tokenId, string why) => new(null, tokenId, why);
}
