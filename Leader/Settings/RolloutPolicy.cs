namespace PryvBus.Leader.Settings;

/// <summary>
/// The rollout policy of one role (the <c>rollout</c> section): waves of follower ids (<c>*</c>: every follower of the
/// role not named in another wave), how long a wave stays healthy before the next is admitted, and what a failure or a
/// silent follower does.
/// </summary>
public sealed record RolloutPolicy(
    IReadOnlyList<IReadOnlyList<string>> Waves,
    int SoakSeconds,
    bool PinOnFailure,
    int FollowerTimeoutSeconds,
    bool SkipOnTimeout)
{
    public const string Rest = "*";
    public const int DefaultSoakSeconds = 60;
    public const int DefaultFollowerTimeoutSeconds = 600;

    /// <summary>The waves as follower ids of <paramref name="roleFollowers"/>: <c>*</c> expanded, unknown ids dropped, empty waves removed.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Resolve(IReadOnlyList<string> roleFollowers)
    {
        ArgumentNullException.ThrowIfNull(roleFollowers);
        var named = Waves.SelectMany(w => w).Where(id => id != Rest).ToHashSet(StringComparer.Ordinal);
        var rest = roleFollowers.Where(id => !named.Contains(id)).Order(StringComparer.Ordinal).ToArray();
        var result = new List<IReadOnlyList<string>>();
        foreach (var wave in Waves)
        {
            var ids = wave.SelectMany(id => id == Rest ? rest : roleFollowers.Contains(id) ? [id] : [])
                .Distinct(StringComparer.Ordinal).ToArray();
            if (ids.Length > 0)
            {
                result.Add(ids);
            }
        }

        return result;
    }
}
