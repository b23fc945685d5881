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
/// changed and the server has an ACL file, <c>ACL SAVE</c> persists it. The leader provisions before every pass, except
/// that a pass an operator's change asks for provisions after it when what the users are made of did not change since
/// the last provisioning (<see cref="IsSettled"/>): the change does not wait for the ACL commands.
/// </summary>
public sealed partial class AclProvisioner(IConnectionMultiplexer redis, ILogger<AclProvisioner> logger)
{
    private readonly Lock _gate = new();
    private volatile bool _unsupportedReported;
    private string _sampleUsersReported = string.Empty;

    /// <summary>What the last pass that provisioned (or found ACLs unsupported) was made of; null when none did since.</summary>
    private AclInputs? _settled;

    /// <summary>
    /// True when the last pass provisioned (or found ACLs unsupported) from these settings' <see cref="AclInputs"/>:
    /// a pass an operator's change asks for then provisions after its render (the users are repaired all the same),
    /// not before it (<c>LeaderService</c>).
    /// </summary>
    public bool IsSettled(LeaderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var inputs = settings.Acl.Provision ? AclInputs.Of(settings) : null;
        lock (_gate)
        {
            return inputs is not null && inputs.Equals(_settled);
        }
    }

    public async Task<AclProvisionResult> ProvisionAsync(LeaderSettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Acl.Provision)
        {
            Settle(null);
            LeaderLog.AclProvisionOff(logger);
            return AclProvisionResult.Disabled;
        }

        var inputs = AclInputs.Of(settings);
        AclProvisionResult result;
        try
        {
            result = await ProvisionNowAsync(settings, ct);
        }
        catch
        {
            Settle(null);
            throw;
        }

        Settle(result.Outcome is AclOutcome.Provisioned or AclOutcome.Unsupported ? inputs : null);
        return result;
    }

    private void Settle(AclInputs? settled)
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
