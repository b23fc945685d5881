using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Logging;
using PryvBus.Leader.Settings;
using PryvBus.Shared;
using PryvBus.Shared.Access;
using PryvBus.Shared.Settings;
using StackExchange.Redis;

namespace PryvBus.Leader.Access;

/// <summary>
/// Keeps one Redis ACL user per listed follower (<see cref="FollowerAcl.Rules"/>) and deletes the users of
/// followers that left the list. The leader manages exactly the users named <c>{prefix}:follower:{id}</c>: a prefix
/// cannot hold a colon, so no other leader's or operator's user matches. Rules are replaced whole
/// (<c>reset</c> first) on every pass; an unchanged rule set keeps the follower's connections. When anything
/// changed and the server has an ACL file, <c>ACL SAVE</c> persists it. A pass that trusts the last one (an operator's
/// change) sends nothing when what the users are made of did not change since it (<see cref="AclInputs"/>); the
/// leader's start, a reconnection and the periodic check always provision, and so repair what was changed by hand.
/// </summary>
public sealed partial class AclProvisioner(IConnectionMultiplexer redis, ILogger<AclProvisioner> logger)
{
    private readonly Lock _gate = new();
    private volatile bool _unsupportedReported;
    private string _sampleUsersReported = string.Empty;

    /// <summary>The inputs and result of the last pass that provisioned or found ACLs unsupported; null when none did since.</summary>
    private (AclInputs Inputs, AclProvisionResult Result)? _settled;

    /// <summary>Provisions the followers' users (every time: the tests' and the commands' entry).</summary>
    public Task<AclProvisionResult> ProvisionAsync(LeaderSettings settings, CancellationToken ct = default) => ProvisionAsync(settings, trustLast: false, ct);

    /// <param name="settings">The settings in force.</param>
    /// <param name="trustLast">
    /// True for a pass an operator's change asked for: when the last pass provisioned (or found ACLs unsupported) from
    /// the same <see cref="AclInputs"/>, its result stands (<see cref="AclOutcome.Kept"/>) and no command is sent.
    /// </param>
    /// <param name="ct">Stops the pass before its commands are sent.</param>
    public async Task<AclProvisionResult> ProvisionAsync(LeaderSettings settings, bool trustLast, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Acl.Provision)
        {
            Settle(null);
            LeaderLog.AclProvisionOff(logger);
            return AclProvisionResult.Disabled;
        }

        var inputs = AclInputs.Of(settings);
        lock (_gate)
        {
            if (trustLast && _settled is { } last && last.Inputs.Equals(inputs))
            {
                return last.Result with { Outcome = AclOutcome.Kept, Removed = [] };
            }
        }

        var result = await ProvisionNowAsync(settings, ct);
        Settle(result.Outcome is AclOutcome.Provisioned or AclOutcome.Unsupported ? (inputs, result) : null);
        return result;
    }

    private void Settle((AclInputs Inputs, AclProvisionResult Result)? settled)
    {
        lock (_gate)
        {
            _settled = settled;
        }
    }

    private async Task<AclProvisionResult> ProvisionNowAsync(LeaderSettings settings, CancellationToken ct)
    {
        var keys = settings.Keys;
        var db = redis.GetDatabase();
        try
        {
            var before = await ListAsync(db);
            ReportSamplePasswords(before, settings.Demo);
            ct.ThrowIfCancellationRequested();

            // One round trip for every follower's user (and the list of users to prune), not one each.
            var users = settings.Followers.Select(f => FollowerAcl.UserName(keys, f.Id)).ToList();
            var existing = db.ExecuteAsync("ACL", "USERS");
            await Task.WhenAll(settings.Followers
                .Select(f => db.ExecuteAsync("ACL", [(object)"SETUSER", FollowerAcl.UserName(keys, f.Id), .. FollowerAcl.Rules(keys, f.Id, f.Role, f.Key)]))
                .Append(existing));

            var removed = await RemoveStaleAsync(db, keys, users, ((string?[]?)await existing ?? []).OfType<string>());
            var after = await ListAsync(db);
            if (!before.AsEnumerable().SequenceEqual(after, StringComparer.Ordinal))
            {
                await SaveAsync(db);
            }

            _unsupportedReported = false;
            LeaderLog.AclProvisioned(logger, users.Count, removed.Count, string.Join(", ", removed));
            return new AclProvisionResult(AclOutcome.Provisioned, users, removed);
        }
        catch (RedisServerException ex) when (IsUnsupported(ex))
        {
            var reason = Redact(ex.Message);
            if (!_unsupportedReported)
            {
                _unsupportedReported = true;
                LeaderLog.AclUnsupported(logger, reason);
            }

            return new AclProvisionResult(AclOutcome.Unsupported, [], [], reason);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            var reason = Redact(ex.Message);
            if (ex is RedisConnectionException or TimeoutException)
            {
                // Redis is away: the leader's loop reports the outage once (and its end); the pass is retried.
                LeaderLog.AclProvisionDeferred(logger, reason);
                return new AclProvisionResult(AclOutcome.Failed, [], [], reason);
            }

            LeaderLog.AclProvisionFailed(logger, reason);
            return new AclProvisionResult(AclOutcome.Failed, [], [], reason);
        }
    }

    private static async Task<List<string>> RemoveStaleAsync(IDatabase db, RedisKeys keys, List<string> wanted, IEnumerable<string> existing)
    {
        var managed = keys.Prefix + ":follower:";
        var removed = existing.Order(StringComparer.Ordinal)
            .Where(user => user.StartsWith(managed, StringComparison.Ordinal)
                && RedisKeys.IsValidFollowerId(user[managed.Length..])
                && !wanted.Contains(user, StringComparer.Ordinal))
            .ToList();
        await Task.WhenAll(removed.Select(user => db.ExecuteAsync("ACL", "DELUSER", user)));
        return removed;
    }

    /// <summary>Users still on a shipped sample password (see <see cref="SampleCredentials"/>): an error, once per change; a warning in a demo.</summary>
    private void ReportSamplePasswords(IEnumerable<string> rules, bool demo)
    {
        var users = string.Join(", ", SampleCredentials.UsersWithSamplePassword(rules));
        if (users.Length > 0 && users != _sampleUsersReported)
        {
            LeaderLog.SampleAclPasswords(logger, demo ? LogLevel.Warning : LogLevel.Error, users);
        }

        _sampleUsersReported = users;
    }

    private static async Task<string[]> ListAsync(IDatabase db) => [.. ((string?[]?)await db.ExecuteAsync("ACL", "LIST") ?? []).OfType<string>()];

    private async Task SaveAsync(IDatabase db)
    {
        try
        {
            await db.ExecuteAsync("ACL", "SAVE");
        }
        catch (RedisServerException ex) when (ex.Message.Contains("ACL file", StringComparison.OrdinalIgnoreCase))
        {
            // No aclfile configured (users live in memory, e.g. the tests' servers): nothing to persist.
        }
        catch (RedisServerException ex)
        {
            LeaderLog.AclSaveFailed(logger, Redact(ex.Message));
        }
    }

    /// <summary>No ACL command (Redis before 6, or renamed away), or the leader's user may not run it.</summary>
    private static bool IsUnsupported(RedisServerException ex) =>
        ex.Message.StartsWith("NOPERM", StringComparison.Ordinal)
        || ex.Message.Contains("unknown command", StringComparison.OrdinalIgnoreCase);

    /// <summary>A refused rule is echoed in the error: never log a password hash.</summary>
    private static string Redact(string message) => PasswordHashPattern().Replace(message, "#<hash>");

    [GeneratedRegex("[#>][0-9A-Fa-f]{16,}|>\\S+")]
    private static partial Regex PasswordHashPattern();
}
