using Microsoft.Extensions.Logging;

namespace PryvBus.Leader.Logging;

/// <summary>The leader's log events: stable ids, named properties, never a secret value.</summary>
internal static partial class LeaderLog
{
    [LoggerMessage(1, LogLevel.Information, "Loaded {ConfigPath}: {RoleCount} roles, {FollowerCount} followers, {ValueCount} platform values")]
    public static partial void SettingsLoaded(ILogger logger, string configPath, int roleCount, int followerCount, int valueCount);

    [LoggerMessage(2, LogLevel.Error, "Settings reload failed; keeping the last good settings. {Errors}")]
    public static partial void SettingsReloadFailed(ILogger logger, string errors);

    [LoggerMessage(2200, LogLevel.Warning, "Demo mode (PRYVBUS_DEMO=1): sample credentials accepted for {Keys}. Anyone knows them: never run a real platform like this")]
    public static partial void SampleCredentialsAccepted(ILogger logger, string keys);

    [LoggerMessage(2202, LogLevel.Warning, "{ConfigPath} holds credentials ({Keys}) and is readable or writable by others, or writable by its group (mode {Mode}): chmod 600 {ConfigPath}; it must belong to the uid the leader runs as (10001 in the image), or to a group of that uid with chmod 640 (docs/deployment.md, File modes)")]
    public static partial void SettingsFileOpen(ILogger logger, string configPath, string keys, string mode);

    [LoggerMessage(EventId = 2201, Message = "Redis users {Users} still accept a sample password of compose/redis/users.acl: anyone can log in as them. Replace their password hashes (docs/settings.md, sample credentials)")]
    public static partial void SampleAclPasswords(ILogger logger, LogLevel level, string users);

    [LoggerMessage(2203, LogLevel.Warning, "Redis {Endpoints} is reached without TLS (no ssl=true in redis.configuration): the rendered files, secrets included, cross the network in clear text. Turn TLS on (docs/security.md, TLS) or keep Redis on loopback")]
    public static partial void RedisInClearText(ILogger logger, string endpoints);

    [LoggerMessage(10, LogLevel.Error, "Render of role {Role} failed with {ErrorCount} error(s); its current version stays in place:\n{Errors}")]
    public static partial void RoleRenderFailed(ILogger logger, string role, int errorCount, string errors);

    [LoggerMessage(11, LogLevel.Information, "Stored role {Role} serial {Serial} ({FileCount} files, sha256 {Sha256}): {Reason}")]
    public static partial void RoleStored(ILogger logger, string role, long serial, int fileCount, string sha256, string reason);

    [LoggerMessage(12, LogLevel.Debug, "Role {Role} unchanged at serial {Serial}")]
    public static partial void RoleUnchanged(ILogger logger, string role, long serial);

    [LoggerMessage(13, LogLevel.Information, "Published config event for role {Role} serial {Serial} to {Receivers} subscriber(s)")]
    public static partial void EventPublished(ILogger logger, string role, long serial, long receivers);

    [LoggerMessage(14, LogLevel.Warning, "A secret of role {Role} was created concurrently; rendering again")]
    public static partial void SecretConflict(ILogger logger, string role);

    [LoggerMessage(15, LogLevel.Information, "Generated {Count} new secret(s) for role {Role}: {Names}")]
    public static partial void SecretsGenerated(ILogger logger, int count, string role, string names);

    [LoggerMessage(16, LogLevel.Warning, "Role {Role} is pinned at serial {Serial} by a rollback: its templates rendered fine but are not stored until `pryvbus-leader unpin {Role}`")]
    public static partial void RolePinned(ILogger logger, string role, long serial);

    [LoggerMessage(17, LogLevel.Warning, "Role {Role} serial {Serial} is stored but no replica acknowledged it within {TimeoutSeconds} s: not announced (followers find it by polling once it is safe)")]
    public static partial void NotReplicated(ILogger logger, string role, long serial, double timeoutSeconds);

    [LoggerMessage(2100, LogLevel.Error, "{Folder} is not rendered: " + Settings.LeaderSettings.NotARoleMessage)]
    public static partial void StrayFolder(ILogger logger, string folder);

    [LoggerMessage(20, LogLevel.Error, "Render cycle failed ({Reason}); retrying in {DelaySeconds:0.0} s")]
    public static partial void CycleFailed(ILogger logger, Exception exception, string reason, double delaySeconds);

    [LoggerMessage(30, LogLevel.Information, "Inputs changed ({Path}); re-rendering")]
    public static partial void InputsChanged(ILogger logger, string path);

    [LoggerMessage(31, LogLevel.Information, "Watching {ConfigPath} and {TemplatesPath} for changes")]
    public static partial void Watching(ILogger logger, string configPath, string templatesPath);

    [LoggerMessage(32, LogLevel.Warning, "File watcher error; re-rendering everything to be safe")]
    public static partial void WatcherError(ILogger logger, Exception exception);

    [LoggerMessage(34, LogLevel.Information, "Role {Role} not stored: the settings or templates it rendered from were being edited, or did not land on disk; the pass that follows stores what is in force")]
    public static partial void RoleInputsMoved(ILogger logger, string role);

    [LoggerMessage(35, LogLevel.Debug, "Inputs checked before a store: {Seen} change(s) seen when the pass began, {Now} now, a file open for writing: {Writing}")]
    public static partial void InputsChecked(ILogger logger, long seen, long now, bool writing);

    [LoggerMessage(36, LogLevel.Information, "The file watch cannot vouch for {TemplatesPath} (not a folder of a local file system: NFS, CIFS, FUSE or overlay can change without an event here): every pass walks the template folders")]
    public static partial void WatchVouchesForNothing(ILogger logger, string templatesPath);

    [LoggerMessage(33, LogLevel.Information, "Render requested: {Reason}")]
    public static partial void RenderRequested(ILogger logger, string reason);

    [LoggerMessage(40, LogLevel.Information, "Redis ACL users of {UserCount} follower(s) provisioned; {RemovedCount} removed {Removed}")]
    public static partial void AclProvisioned(ILogger logger, int userCount, int removedCount, string removed);

    [LoggerMessage(41, LogLevel.Warning, "Redis ACL users of followers are not provisioned ({Reason}): followers must connect with users an operator created. Give the leader's user +acl|setuser +acl|deluser +acl|users +acl|list +acl|save, or set acl.provision to false")]
    public static partial void AclUnsupported(ILogger logger, string reason);

    [LoggerMessage(42, LogLevel.Error, "Provisioning Redis ACL users failed ({Reason}); rendering goes on, provisioning is retried on the next pass")]
    public static partial void AclProvisionFailed(ILogger logger, string reason);

    [LoggerMessage(43, LogLevel.Warning, "ACL SAVE failed ({Reason}): the follower users are lost if Redis restarts, until the leader provisions them again")]
    public static partial void AclSaveFailed(ILogger logger, string reason);

    [LoggerMessage(2410, LogLevel.Debug, "Provisioning Redis ACL users waits for Redis ({Reason})")]
    public static partial void AclProvisionDeferred(ILogger logger, string reason);

    [LoggerMessage(44, LogLevel.Debug, "Provisioning of Redis ACL users is off (acl.provision is false)")]
    public static partial void AclProvisionOff(ILogger logger);

    [LoggerMessage(2000, LogLevel.Information, "Store generation {Generation} started for key prefix {Prefix} ({Why}): every role is stored anew in it, and followers move to it")]
    public static partial void GenerationStarted(ILogger logger, long generation, string prefix, string why);

    [LoggerMessage(2001, LogLevel.Error, "{Key} holds '{Value}', not a store generation: a new generation replaces it")]
    public static partial void GenerationKeyInvalid(ILogger logger, string key, string value);

    [LoggerMessage(2002, LogLevel.Error, "The store record {Path} is not usable ({Problem}): a new generation starts, and the file is rewritten")]
    public static partial void StoreRecordInvalid(ILogger logger, string path, string problem);

    [LoggerMessage(2003, LogLevel.Warning, "Role {Role}: its current version could not stay current ({Why}); stored anew as serial {Serial} of generation {Generation}")]
    public static partial void RoleRepaired(ILogger logger, string role, string why, long serial, long generation);

    [LoggerMessage(2004, LogLevel.Error, "Role {Role} failed: {Error}. Its current version stays in place; the other roles go on")]
    public static partial void RoleFailed(ILogger logger, string role, string error);

    [LoggerMessage(2005, LogLevel.Error, "Role {Role} failed unexpectedly; its current version stays in place, the other roles go on")]
    public static partial void RoleFailedUnexpectedly(ILogger logger, Exception exception, string role);

    [LoggerMessage(2006, LogLevel.Error, "Render cycle failed ({Reason}): {Error}; retrying in {DelaySeconds:0.0} s")]
    public static partial void CycleFailedExpected(ILogger logger, string reason, string error, double delaySeconds);

    [LoggerMessage(2007, LogLevel.Debug, "The store record was not opened for a pass whose secrets failed ({Type}: {Error})")]
    public static partial void LedgerNotOpened(ILogger logger, string type, string error);

    [LoggerMessage(2009, LogLevel.Debug, "A trusted pass reads nothing before its render: the store record is the one the previous pass left (generation {Generation})")]
    public static partial void PassTrusted(ILogger logger, long generation);

    [LoggerMessage(2008, LogLevel.Information, "A pass that trusted what the previous pass read runs again for {Roles}, reading everything: {Reason}")]
    public static partial void PassReadAgain(ILogger logger, string roles, string reason);
}
