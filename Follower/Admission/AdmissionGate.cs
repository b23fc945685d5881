using PryvBus.Follower.Settings;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Follower.Admission;

/// <summary>
/// Reads <c>{prefix}:admission:{role}</c> (one <c>HGETALL</c>, read-only for the follower's ACL user) and decides with
/// <see cref="AdmissionCheck"/>. An admission of a version older than the applied one (a replay) means wait.
/// </summary>
public sealed class AdmissionGate(FollowerSettings settings, IConnectionMultiplexer redis)
{
    private const int MaxEntries = AdmissionFields.MaxEntries;

    public async Task<AdmissionDecision> DecideAsync(long appliedGeneration, long appliedSerial)
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(settings.Keys.Admission(settings.Role));
        if (entries.Length > MaxEntries)
        {
            return AdmissionDecision.Wait("the admission hash is too large");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            fields[(string)entry.Name!] = (string?)entry.Value ?? string.Empty;
        }

        var decision = AdmissionCheck.Decide(fields, settings.Role, settings.Id, settings.Key);
        if (decision.HasPolicy && decision.Waiting is null
            && VersionOrder.Compare(decision.Generation, decision.Serial, appliedGeneration, appliedSerial) < 0)
        {
            return AdmissionDecision.Wait("the admission names a version older than the applied one");
        }

        return decision;
    }
}
