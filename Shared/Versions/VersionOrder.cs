namespace PryvBus.Shared.Versions;

/// <summary>
/// How versions of a role are ordered: by store generation, then by serial. A serial only grows within a generation;
/// a new generation (chosen by the leader when the store lost what it knew) is newer than every version of an older
/// one, whatever their serials. Generation 0 stands for a version applied before generations existed.
/// </summary>
public static class VersionOrder
{
    /// <returns>Negative when (a) is older than (b), zero when equal, positive when newer.</returns>
    public static int Compare(long generationA, long serialA, long generationB, long serialB)
    {
        var byGeneration = generationA.CompareTo(generationB);
        return byGeneration != 0 ? byGeneration : serialA.CompareTo(serialB);
    }

    /// <summary>Whether (generation, serial) is newer than the applied (generation, serial).</summary>
    public static bool IsNewer(long generation, long serial, long appliedGeneration, long appliedSerial) =>
        Compare(generation, serial, appliedGeneration, appliedSerial) > 0;
}
