using Microsoft.Extensions.Logging;

namespace PryvBus.Follower.Logging;

/// <summary>
/// Every log line of the follower, with stable event ids: 1xx agent and sync, 2xx receiving,
/// 3xx fetching and verifying, 4xx applying, 5xx containers, 6xx reporting. Never a key or a secret.
/// </summary>
internal static partial class FollowerLog
{
    [LoggerMessage(100, LogLevel.Information, "Follower {FollowerId} of role {Role} keeps {ConfigRoot} in step (poll every {PollSeconds} s)")]
    public static partial void Starting(ILogger logger, string followerId, string role, string configRoot, double pollSeconds);

    [LoggerMessage(2200, LogLevel.Warning, "Demo mode (PRYVBUS_DEMO=1): sample credentials accepted for {Keys}. Anyone knows them: never run a real platform like this")]
    public static partial void SampleCredentialsAccepted(ILogger logger, string keys);

    [LoggerMessage(2203, LogLevel.Warning, "Redis {Endpoints} is reached without TLS (no ssl=true in redis.configuration): the rendered files, secrets included, cross the network in clear text. Turn TLS on (docs/security.md, TLS) or keep Redis on loopback")]
    public static partial void RedisInClearText(ILogger logger, string endpoints);

    [LoggerMessage(2202, LogLevel.Warning, "{ConfigPath} holds credentials ({Keys}) and is readable or writable by others, or writable by its group (mode {Mode}): chmod 600 {ConfigPath}; it must belong to the user the follower runs as (root in the image), or to a group of that user with chmod 640")]
    public static partial void SettingsFileOpen(ILogger logger, string configPath, string keys, string mode);

    [LoggerMessage(101, LogLevel.Warning, "Sync of role {Role} failed; files on disk are kept, retrying in {DelayMs} ms")]
    public static partial void SyncFailed(ILogger logger, Exception exception, string role, long delayMs);

    [LoggerMessage(102, LogLevel.Information, "Applied version {Serial} of role {Role}: {Written} written, {Deleted} deleted, components {Components}")]
    public static partial void Applied(ILogger logger, string role, long serial, int written, int deleted, string components);

    [LoggerMessage(103, LogLevel.Debug, "Role {Role} is up to date at version {Serial}")]
    public static partial void UpToDate(ILogger logger, string role, long serial);

    [LoggerMessage(104, LogLevel.Information, "The leader has no version of role {Role} yet")]
    public static partial void NoVersion(ILogger logger, string role);

    [LoggerMessage(105, LogLevel.Error, "Version {Serial} of role {Role} rejected, nothing written, the last good config stays: {Reason}")]
    public static partial void Rejected(ILogger logger, string role, long serial, string reason);

    [LoggerMessage(108, LogLevel.Error, "Version {Serial} of role {Role} refused by this follower's compose policy, nothing written, the last good config stays: {Reason}")]
    public static partial void ComposePolicyRefused(ILogger logger, string role, long serial, string reason);

    [LoggerMessage(2204, LogLevel.Warning, "The compose policy is off (composePolicy in {ConfigPath}): this follower brings up whatever a signed pryv.yml asks, privileged services and mounts of the host included, so whoever edits the leader's templates is root on this machine (docs/security.md, Compose policy)")]
    public static partial void ComposePolicyOff(ILogger logger, string configPath);

    [LoggerMessage(106, LogLevel.Error, "Restarting components {Components} of role {Role} failed")]
    public static partial void RestartFailed(ILogger logger, Exception exception, string role, string components);

    [LoggerMessage(107, LogLevel.Information, "Found the config root at version {Serial} of generation {Generation} (sha256 {Sha256})")]
    public static partial void Resuming(ILogger logger, long serial, long generation, string sha256);

    [LoggerMessage(200, LogLevel.Information, "Subscribed to {Channel}")]
    public static partial void Subscribed(ILogger logger, string channel);

    [LoggerMessage(201, LogLevel.Warning, "Cannot subscribe to {Channel}; polling still catches up; retrying in {DelayMs} ms")]
    public static partial void SubscribeFailed(ILogger logger, Exception exception, string channel, long delayMs);

    [LoggerMessage(202, LogLevel.Warning, "Ignored an invalid message on {Channel}: {Error}")]
    public static partial void InvalidEvent(ILogger logger, string channel, string error);

    [LoggerMessage(203, LogLevel.Debug, "Config event: role {Role} is at version {Serial}")]
    public static partial void ConfigEvent(ILogger logger, string role, long serial);

    [LoggerMessage(204, LogLevel.Information, "Reload event for role {Role}: components {Components}")]
    public static partial void ReloadEvent(ILogger logger, string role, string components);

    [LoggerMessage(205, LogLevel.Information, "Connection to Redis {Endpoint} restored; catching up")]
    public static partial void ConnectionRestored(ILogger logger, string endpoint);

    [LoggerMessage(206, LogLevel.Warning, "Connection to Redis {Endpoint} lost ({FailureType}); files on disk are kept")]
    public static partial void ConnectionFailed(ILogger logger, string endpoint, string failureType);

    [LoggerMessage(207, LogLevel.Warning, "Reload of role {Role} failed")]
    public static partial void ReloadFailed(ILogger logger, Exception exception, string role);

    [LoggerMessage(300, LogLevel.Debug, "Version {Serial} of role {Role} vanished while reading it (history trimmed); reading the serial again")]
    public static partial void Vanished(ILogger logger, string role, long serial);

    [LoggerMessage(301, LogLevel.Warning, "Redis user {User} was refused HMGET (a user made by an older leader or by hand; a leader of this release grants it); reading a version's meta with one HGET per field until this follower restarts")]
    public static partial void HmgetRefused(ILogger logger, string user);

    [LoggerMessage(302, LogLevel.Debug, "A transaction reading a version's meta was refused, and read again with HGETs; HMGET asked alone was not refused ({Answer}): keeping HMGET")]
    public static partial void HmgetNotBlamed(ILogger logger, string answer);

    [LoggerMessage(400, LogLevel.Information, "Removed leftover temporary file {Path}")]
    public static partial void TempFileRemoved(ILogger logger, string path);

    [LoggerMessage(401, LogLevel.Warning, "Ignored unreadable {Path}: {Reason}")]
    public static partial void StateFileUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(402, LogLevel.Warning, "Could not record the checked files' stamps in {Path}: {Reason}; the next start reads the files again")]
    public static partial void StampsNotRecorded(ILogger logger, string path, string reason);

    [LoggerMessage(403, LogLevel.Warning, "/proc/self/fd is not mounted: the apply reaches the folders of {Root} by their path, so a folder swapped for a link while an apply runs (by whoever can write there) could be followed; mount /proc in the follower's container")]
    public static partial void NoPinnedFolders(ILogger logger, string root);

    [LoggerMessage(510, LogLevel.Information, "Restart of components {Components} of role {Role} requested ({Reason}); container restarts are disabled in the settings")]
    public static partial void RestartRequested(ILogger logger, string role, string components, string reason);

    [LoggerMessage(600, LogLevel.Debug, "Could not write the status of follower {FollowerId}; it is written again on the next sync")]
    public static partial void StatusFailed(ILogger logger, Exception exception, string followerId);

    [LoggerMessage(511, LogLevel.Warning, "Restarts of {Components} wait for the Docker daemon; retrying in {DelayMs} ms")]
    public static partial void RestartsPending(ILogger logger, string components, long delayMs);

    [LoggerMessage(2000, LogLevel.Warning, "Role {Role}: the leader's version {Serial} of generation {Generation} is older than the applied {AppliedSerial} of generation {AppliedGeneration}; not applying it, waiting for a newer one")]
    public static partial void OlderVersionRefused(ILogger logger, string role, long serial, long generation, long appliedSerial, long appliedGeneration);
}
