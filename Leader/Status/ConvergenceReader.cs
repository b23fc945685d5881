using Microsoft.Extensions.Logging;
using PryvBus.Leader.Settings;
using PryvBus.Shared;
using PryvBus.Shared.Status;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Status;

/// <summary>
/// Reads every declared follower's status hash (bounded: <see cref="StatusHashReader"/>), its role's current serial and
/// the store generation: the convergence table (a follower converges on (generation, serial), see
/// <see cref="FollowerConvergence"/>), and its rollout wave while its role's rollout is active (<see cref="RolloutWaves"/>).
/// A rejected status hash shows as state <c>rejected</c> with the reason.
/// </summary>
public sealed class ConvergenceReader(IConnectionMultiplexer redis, ILogger? logger = null)
{
    /// <summary>The status fields the table shows: no other field of a follower's hash is ever loaded.</summary>
    private static readonly string[] ShownFields =
        [StatusFields.Serial, StatusFields.Generation, StatusFields.State, StatusFields.Updated, StatusFields.Error, StatusFields.Host, StatusFields.Compose, StatusFields.Restarted, StatusFields.RestartedAt];

    public async Task<IReadOnlyList<FollowerConvergence>> ReadAsync(LeaderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var keys = settings.Keys;
        var db = redis.GetDatabase();
        var batch = db.CreateBatch();
        var serials = settings.Followers.Select(f => f.Role).Distinct()
            .ToDictionary(role => role, role => batch.StringGetAsync(keys.Serial(role)), StringComparer.Ordinal);
        var storeGeneration = batch.StringGetAsync(keys.Generation);
        batch.Execute();
        var hashes = await new StatusHashReader(redis, logger).ReadAsync(
            settings.Followers.ToDictionary(f => f.Id, f => keys.Follower(f.Id), StringComparer.Ordinal), ShownFields);

        var waves = await RolloutWaves.ReadAsync(db, settings);
        var currentGeneration = ToLong(await storeGeneration);
        var result = new List<FollowerConvergence>();
        foreach (var follower in settings.Followers)
        {
            var current = ToLong(await serials[follower.Role]);
            var hash = hashes[follower.Id];
            var fields = hash.Fields;
            if (hash.Rejected is not null)
            {
                result.Add(new FollowerConvergence(follower.Id, follower.Role, null, current, "rejected", null, hash.Rejected, null) { CurrentGeneration = currentGeneration, Wave = waves.GetValueOrDefault(follower.Id) });
                continue;
            }

            result.Add(!hash.Exists
                ? new FollowerConvergence(follower.Id, follower.Role, null, current, "never seen", null, null, null) { CurrentGeneration = currentGeneration, Wave = waves.GetValueOrDefault(follower.Id) }
                : new FollowerConvergence(
                    follower.Id,
                    follower.Role,
                    Applied(fields.GetValueOrDefault(StatusFields.Serial)),
                    current,
                    fields.GetValueOrDefault(StatusFields.State, "unknown"),
                    fields.GetValueOrDefault(StatusFields.Updated),
                    NullIfEmpty(fields.GetValueOrDefault(StatusFields.Error)),
                    fields.GetValueOrDefault(StatusFields.Host))
                {
                    AppliedGeneration = ToLong(fields.GetValueOrDefault(StatusFields.Generation)),
                    CurrentGeneration = currentGeneration,
                    Compose = NullIfEmpty(fields.GetValueOrDefault(StatusFields.Compose)),
                    Wave = waves.GetValueOrDefault(follower.Id),
                    LastRestart = LastRestart(fields.GetValueOrDefault(StatusFields.Restarted), fields.GetValueOrDefault(StatusFields.RestartedAt)),
                });
        }

        return result;
    }

    /// <summary>Only a valid serial counts (a follower writes its own status hash, and nothing in Redis is trusted unchecked).</summary>
    private static long? ToLong(RedisValue value) => VersionNumber.TryParse(value, out var serial) ? serial : null;

    /// <summary>A follower reports 0 until it applied something; any other value must be a valid serial.</summary>
    private static long? Applied(string? text) => text == "0" ? 0 : VersionNumber.TryParse(text, out var serial) ? serial : null;

    /// <summary>"core,nginx at 2026-…Z": what the follower restarted last and when (bounded: a follower writes its own hash).</summary>
    private static string? LastRestart(string? restarted, string? at)
    {
        if (string.IsNullOrEmpty(restarted))
        {
            return null;
        }

        var text = string.IsNullOrEmpty(at) ? restarted : $"{restarted} at {at}";
        return text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 199), "…");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
