using System.Globalization;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace PryvBus.Shared;

/// <summary>
/// Every Redis key and channel name PryvBus uses. This schema is the operators' contract:
/// what <c>redis-cli</c> shows, and what the leader and followers agree on.
/// </summary>
public sealed partial class RedisKeys
{
    public const string DefaultPrefix = "pryvbus";

    public RedisKeys(string prefix = DefaultPrefix)
    {
        if (!IsValidPrefix(prefix))
        {
            throw new ArgumentException($"Invalid key prefix '{prefix}': use letters, digits, '-', '_' or '.'.", nameof(prefix));
        }

        Prefix = prefix;
        Events = RedisChannel.Literal($"{prefix}:events");
    }

    public string Prefix { get; }

    /// <summary>The pub/sub channel of config and reload events.</summary>
    public RedisChannel Events { get; }

    /// <summary>
    /// String: the store generation, a positive integer the leader chooses (never a follower). A new one starts when the
    /// store lost its data; followers order versions by (generation, serial), both covered by the signature.
    /// </summary>
    public RedisKey Generation => $"{Prefix}:generation";

    /// <summary>Set of every role the leader has stored a version for.</summary>
    public RedisKey Roles => $"{Prefix}:roles";

    /// <summary>The current serial of a role: an integer that only grows.</summary>
    public RedisKey Serial(string role) => $"{Prefix}:serial:{Role(role)}";

    /// <summary>Hash: relative file path → file content.</summary>
    public RedisKey Config(string role, long serial) => $"{Prefix}:config:{Role(role)}:{Serial(serial)}";

    /// <summary>Hash: sha256, created, reason, files, secretFiles, sig:{followerId}.</summary>
    public RedisKey Meta(string role, long serial) => $"{Prefix}:meta:{Role(role)}:{Serial(serial)}";

    /// <summary>List of the retained serials of a role, oldest first.</summary>
    public RedisKey History(string role) => $"{Prefix}:history:{Role(role)}";

    /// <summary>String: set by a rollback to the serial it created; while present, renders do not replace it.</summary>
    public RedisKey Pin(string role) => $"{Prefix}:pin:{Role(role)}";

    /// <summary>
    /// Hash: the leader's signed admission of a role under a rollout policy: generation, serial, followers (the admitted
    /// ids) and sig:{followerId}. Absent when the role has no policy: followers then apply the current serial.
    /// </summary>
    public RedisKey Admission(string role) => $"{Prefix}:admission:{Role(role)}";

    /// <summary>Hash: the leader's rollout state of a role (waves admitted, halted, paused…); the leader's alone.</summary>
    public RedisKey Rollout(string role) => $"{Prefix}:rollout:{Role(role)}";

    /// <summary>Hash: secret name → value, shared by every role.</summary>
    public RedisKey PlatformSecrets => $"{Prefix}:secrets:platform";

    /// <summary>Hash: secret name → value, for one role.</summary>
    public RedisKey RoleSecrets(string role) => $"{Prefix}:secrets:role:{Role(role)}";

    /// <summary>
    /// Stream: the leader's audit trail, one hash-chained entry per change (seq, time, actor, actorRole, source, action,
    /// reason, role, detail, prev, hash). The leader's alone: followers are never given access to it.
    /// </summary>
    public RedisKey Audit => $"{Prefix}:audit";

    /// <summary>String: <c>{seq} {hash}</c> of the audit stream's last entry (appends are conditioned on it).</summary>
    public RedisKey AuditHead => $"{Prefix}:audit:head";

    /// <summary>String: <c>{seq} {hash}</c> of the last entry trimmed by retention (absent: nothing trimmed yet).</summary>
    public RedisKey AuditAnchor => $"{Prefix}:audit:anchor";

    /// <summary>Hash: a follower's reported state.</summary>
    public RedisKey Follower(string followerId) => $"{Prefix}:follower:{Id(followerId)}";

    /// <summary>Role names are folder names and key segments: lower-case letters, digits, '-', '_'.</summary>
    public static bool IsValidRole(string? role) => role is not null && NamePattern().IsMatch(role);

    /// <summary>Follower ids become key segments and Redis ACL user names.</summary>
    public static bool IsValidFollowerId(string? id) => id is not null && NamePattern().IsMatch(id);

    public static bool IsValidPrefix(string? prefix) => prefix is not null && PrefixPattern().IsMatch(prefix);

    private static string Role(string role) =>
        IsValidRole(role) ? role : throw new ArgumentException($"Invalid role name '{role}'.", nameof(role));

    private static string Id(string id) =>
        IsValidFollowerId(id) ? id : throw new ArgumentException($"Invalid follower id '{id}'.", nameof(id));

    private static string Serial(long serial) =>
        serial > 0 ? serial.ToString(CultureInfo.InvariantCulture) : throw new ArgumentOutOfRangeException(nameof(serial), serial, "A serial is positive.");

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex PrefixPattern();
}
