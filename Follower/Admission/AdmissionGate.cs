using System.Globalization;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Follower.Admission;

/// <summary>
/// Reads <c>{prefix}:admission:{role}</c> (one <c>HGETALL</c>, read-only for the follower's ACL user) and decides with
/// <see cref="AdmissionCheck"/>. An admission of a version older than the applied one (a replay) means wait. An admission
/// that vanishes after this follower saw one (Redis lost its data, or the policy was removed) means wait for
/// <see cref="VanishedGrace"/> while a version is stored: the leader writes the admission of a re-stored version within
/// its next step, so a data loss never lets this follower apply at once; past the grace the role has no policy any more.
/// </summary>
public sealed class AdmissionGate(FollowerSettings settings, IConnectionMultiplexer redis, TimeProvider? time = null)
{
    /// <summary>How long a vanished admission is waited for (the leader steps rollouts every 2 s).</summary>
    public static readonly TimeSpan VanishedGrace = TimeSpan.FromSeconds(30);

    private const int MaxEntries = AdmissionFields.MaxEntries;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private bool _sawPolicy;
    private DateTimeOffset? _vanishedAt;

    /// <summary>The admission hash of the role, for a caller that reads it in its own transaction.</summary>
    public RedisKey Key => settings.Keys.Admission(settings.Role);

    public async Task<AdmissionDecision> DecideAsync(long appliedGeneration, long appliedSerial) =>
        await DecideAsync(await redis.GetDatabase().HashGetAllAsync(Key), appliedGeneration, appliedSerial);

    /// <summary>Decides from the admission hash as already read (<paramref name="entries"/>, untrusted).</summary>
    public async Task<AdmissionDecision> DecideAsync(HashEntry[] entries, long appliedGeneration, long appliedSerial)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var db = redis.GetDatabase();
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
        if (!decision.HasPolicy)
        {
            return settings.RequireAdmission
                ? AdmissionDecision.Wait($"this follower requires an admission (requireAdmission) and role {settings.Role} has none")
                : _sawPolicy ? await VanishedAsync(db) : decision;
        }

        (_sawPolicy, _vanishedAt) = (true, null);
        if (decision.Waiting is null
            && VersionOrder.Compare(decision.Generation, decision.Serial, appliedGeneration, appliedSerial) < 0)
        {
            return AdmissionDecision.Wait("the admission names a version older than the applied one");
        }

        return decision;
    }

    private async Task<AdmissionDecision> VanishedAsync(IDatabase db)
    {
        // GET, as the fetcher reads the serial: the follower's Redis user may run nothing more.
        if ((await db.StringGetAsync(settings.Keys.Serial(settings.Role))).IsNull)
        {
            // Nothing stored (Redis came back empty): nothing to apply; the grace starts once a version is stored again.
            _vanishedAt = null;
            return AdmissionDecision.NoPolicy;
        }

        var now = _time.GetUtcNow();
        _vanishedAt ??= now;
        if (now - _vanishedAt.Value < VanishedGrace)
        {
            return AdmissionDecision.Wait(string.Create(CultureInfo.InvariantCulture,
                $"the admission of role {settings.Role} vanished (Redis lost its data, or the rollout policy was removed); waiting up to {VanishedGrace.TotalSeconds:0} s for the leader"));
        }

        (_sawPolicy, _vanishedAt) = (false, null);
        return AdmissionDecision.NoPolicy;
    }
}
