namespace PryvBus.Leader.Audit;

/// <summary>The result of checking the chain: how many entries verified, and the first bad one (id and why) if any.</summary>
public sealed record AuditVerification(int Entries, string? BadId, string? Problem)
{
    public bool Intact => Problem is null;
}
