using System.Globalization;
using PryvBus.Shared;
using PryvBus.Shared.Versions;

namespace PryvBus.Follower.Admission;

/// <summary>
/// Reads an admission hash as hostile input: every field bounded and parsed strictly, the follower's own signature
/// verified over role, generation, serial, its id and the exact admitted set (<see cref="AdmissionSignature"/>). Anything
/// wrong means wait, never apply.
/// </summary>
public static class AdmissionCheck
{
    public static AdmissionDecision Decide(IReadOnlyDictionary<string, string> fields, string role, string followerId, string key)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0)
        {
            return AdmissionDecision.NoPolicy;
        }

        if (!fields.TryGetValue(AdmissionFields.Generation, out var generationText) || !VersionNumber.TryParse(generationText, out var generation))
        {
            return AdmissionDecision.Wait("the admission has no valid generation");
        }

        if (!fields.TryGetValue(AdmissionFields.Serial, out var serialText) || !VersionNumber.TryParse(serialText, out var serial))
        {
            return AdmissionDecision.Wait("the admission has no valid serial");
        }

        if (!fields.TryGetValue(AdmissionFields.Followers, out var followers) || followers.Length > AdmissionFields.MaxFollowersLength)
        {
            return AdmissionDecision.Wait("the admission has no valid follower list");
        }

        var ids = followers.Length == 0 ? [] : followers.Split(',');
        if (ids.Length > AdmissionFields.MaxFollowers || !ids.All(RedisKeys.IsValidFollowerId))
        {
            return AdmissionDecision.Wait("the admission has no valid follower list");
        }

        if (ids.Length == 0)
        {
            return AdmissionDecision.Wait("the leader holds the role: no follower is admitted yet (its rollout admits the first wave)");
        }

        if (!ids.Contains(followerId, StringComparer.Ordinal))
        {
            return AdmissionDecision.Wait(string.Create(CultureInfo.InvariantCulture, $"version {serial} is not admitted for this follower yet"));
        }

        fields.TryGetValue(AdmissionFields.Signature(followerId), out var signature);
        if (!AdmissionSignature.Verify(key, role, generation, serial, followerId, followers, signature))
        {
            return AdmissionDecision.Wait(string.Create(CultureInfo.InvariantCulture, $"the admission of version {serial} does not verify with this follower's key (forged, or signed with another key)"));
        }

        return AdmissionDecision.Admitted(generation, serial);
    }
}
