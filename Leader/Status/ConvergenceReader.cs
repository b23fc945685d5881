using System.Globalization;
using PryvBus.Leader.Settings;
using PryvBus.Shared;
using PryvBus.Shared.Status;
using StackExchange.Redis;

namespace PryvBus.Leader.Status;

/// <summary>Reads every declared follower's status hash and its role's current serial: the convergence table.</summary>
public sealed class ConvergenceReader(IConnectionMultiplexer redis)
{
    public async Task<IReadOnlyList<FollowerConvergence>> ReadAsync(LeaderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var keys = new RedisKeys(settings.KeyPrefix);
        var db = redis.GetDatabase();
        var batch = db.CreateBatch();
        var serials = settings.Followers.Select(f => f.Role).Distinct()
            .ToDictionary(role => role, role => batch.StringGetAsync(keys.Serial(role)), StringComparer.Ordinal);
        var hashes = settings.Followers.ToDictionary(f => f.Id, f => batch.HashGetAllAsync(keys.Follower(f.Id)), StringComparer.Ordinal);
        batch.Execute();

        var result = new List<FollowerConvergence>();
        foreach (var follower in settings.Followers)
        {
            var current = ToLong(await serials[follower.Role]);
            var fields = (await hashes[follower.Id]).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
            result.Add(fields.Count == 0
                ? new FollowerConvergence(follower.Id, follower.Role, null, current, "never seen", null, null, null)
                : new FollowerConvergence(
                    follower.Id,
                    follower.Role,
                    long.TryParse(fields.GetValueOrDefault(StatusFields.Serial), NumberStyles.None, CultureInfo.InvariantCulture, out var applied) ? applied : null,
                    current,
                    fields.GetValueOrDefault(StatusFields.State, "unknown"),
                    fields.GetValueOrDefault(StatusFields.Updated),
                    NullIfEmpty(fields.GetValueOrDefault(StatusFields.Error)),
                    fields.GetValueOrDefault(StatusFields.Host)));
        }

        return result;
    }

    private static long? ToLong(RedisValue value) => value.IsNull ? null : (long)value;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
