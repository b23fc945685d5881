namespace PryvBus.Follower.Agent;

/// <summary>
/// The end of a health watch: healthy, or the first component that failed and why; null reason when healthy.
/// <paramref name="Serial"/> and <paramref name="Generation"/> are the applied version the watch was about.
/// </summary>
public sealed record HealthVerdict(long Serial, long Generation, string Sha256, string? Component, string? Reason)
{
    public bool Healthy => Reason is null;
}
