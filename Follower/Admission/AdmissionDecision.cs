namespace PryvBus.Follower.Admission;

/// <summary>
/// What the admission of a role says to one follower: no policy (apply the current serial, as without waves), admitted
/// (apply exactly <see cref="Generation"/>/<see cref="Serial"/>), or wait (<see cref="Waiting"/> says why).
/// </summary>
public sealed record AdmissionDecision(bool HasPolicy, long Generation, long Serial, string? Waiting)
{
    public static AdmissionDecision NoPolicy { get; } = new(false, 0, 0, null);

    public static AdmissionDecision Admitted(long generation, long serial) => new(true, generation, serial, null);

    public static AdmissionDecision Wait(string reason) => new(true, 0, 0, "waiting for admission: " + reason);
}
