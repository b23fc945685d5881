using PryvBus.Shared;
using PryvBus.Shared.Versions;

namespace PryvBus.Leader.Settings;

/// <summary>An immutable, validated snapshot of config-leader.json.</summary>
public sealed record LeaderSettings
{
    public const int DefaultHistoryLength = 20;

    /// <summary>Full path of config-leader.json.</summary>
    public required string ConfigPath { get; init; }

    public required RedisSettings Redis { get; init; }

    public required string KeyPrefix { get; init; }

    /// <summary>The key and channel names under <see cref="KeyPrefix"/>: the one place they are derived.</summary>
    public RedisKeys Keys => new(KeyPrefix);

    /// <summary>Full path of the template tree root (<c>data/</c>): one folder per role.</summary>
    public required string TemplatesPath { get; init; }

    public required int HistoryLength { get; init; }

    /// <summary>
    /// Full path of the leader's own state folder (default <c>../state</c> beside <c>conf/</c>): what must survive the
    /// loss of Redis (secrets, the store generation). Created with mode 0700 on first use; back it up.
    /// </summary>
    public required string StateDirectory { get; init; }

    public required IReadOnlyDictionary<string, PlatformValue> Platform { get; init; }

    public required IReadOnlyDictionary<string, SecretSpec> Secrets { get; init; }

    public required IReadOnlyList<FollowerEntry> Followers { get; init; }

    public HttpSettings Http { get; init; } = HttpSettings.Default;

    /// <summary>Reload actions and checks by component (<c>components</c>), carried signed in the versions of the roles that have the component's folder.</summary>
    public IReadOnlyDictionary<string, ComponentSpec> Components { get; init; } = new Dictionary<string, ComponentSpec>(StringComparer.Ordinal);

    /// <summary>Per-follower Redis ACL users (see <see cref="AclSettings"/>).</summary>
    public AclSettings Acl { get; init; } = AclSettings.Default;

    /// <summary>Rollout policies by role (the <c>rollout</c> section); a role without one gets every version at once.</summary>
    public IReadOnlyDictionary<string, RolloutPolicy> Rollout { get; init; } = new Dictionary<string, RolloutPolicy>(StringComparer.Ordinal);

    /// <summary>Operators' users file and password lockout (the <c>accounts</c> section).</summary>
    public AccountsSettings Accounts { get; init; } = AccountsSettings.Default;

    /// <summary>The users file in force: <c>accounts.usersFile</c>, else <c>users.json</c> in the state folder.</summary>
    public string UsersFile => Accounts.UsersFile ?? Path.Combine(StateDirectory, "users.json");

    /// <summary>Retention of the audit stream (the <c>audit</c> section).</summary>
    public AuditSettings Audit { get; init; } = AuditSettings.Default;

    /// <summary>How long one template file's render may take and how much it may allocate (the <c>render</c> section).</summary>
    public RenderLimits Render { get; init; } = RenderLimits.Default;

    /// <summary>Which rendered files are parsed before a version is stored (see <see cref="ValidationSettings"/>).</summary>
    public ValidationSettings Validation { get; init; } = ValidationSettings.Default;

    /// <summary>
    /// Keys and variables holding a sample credential, accepted only because the operator declared a demo
    /// (<c>PRYVBUS_DEMO=1</c>); empty otherwise (a sample credential is refused). Names only, never values.
    /// </summary>
    public IReadOnlyList<string> SampleCredentials { get; init; } = [];

    /// <summary>
    /// Keys of the file that hold a credential (follower keys, admin and status keys, Redis password, sensitive platform
    /// values). Names only.
    /// </summary>
    public IReadOnlyList<string> CredentialsInFile { get; init; } = [];

    /// <summary>
    /// The file's mode in octal when it was read from disk, holds credentials and is open to others or to its group's
    /// writes (<see cref="Shared.Settings.CredentialFileMode"/>): the leader warns with the fix. Null otherwise.
    /// </summary>
    public string? OpenFileMode { get; init; }

    /// <summary>The operator declared a throwaway demo (<c>PRYVBUS_DEMO=1</c>): sample credentials are accepted, with a warning.</summary>
    public bool Demo { get; init; }

    /// <summary>Re-render when inputs change on disk.</summary>
    public bool Watch { get; init; } = true;

    public TimeSpan WatchDebounce { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long a pass waits for a replica to hold a stored version before announcing it anyway (<c>replicaWaitMs</c>):
    /// an event never reaches followers before a failover could lose the version, unless the replica is late.
    /// </summary>
    public TimeSpan ReplicaWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often the service renders anyway: it repairs what Redis lost (a failover, a flush) without waiting
    /// for an edit. Also done on every reconnection.
    /// </summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Template paths are shown relative to this folder (the one holding <c>data/</c>), e.g. <c>data/core/nginx/conf/site.conf</c>.</summary>
    public string DisplayRoot => Path.GetDirectoryName(TemplatesPath) ?? TemplatesPath;

    /// <summary>Why a folder under the template root is not rendered as a role.</summary>
    public const string NotARoleMessage =
        "not a role name (lower-case letters, digits, '-' and '_', at most 63): this folder is not rendered; rename it, "
        + "or move it out of the template folder (hidden folders, starting with '.', are ignored)";

    /// <summary>The roles: one folder each under the template root, named as a role (<see cref="RedisKeys.IsValidRole"/>).</summary>
    public IReadOnlyList<string> Roles() => [.. Folders().Where(RedisKeys.IsValidRole)];

    /// <summary>
    /// Folders under the template root that are not hidden and not role names (<c>core.bak</c>, <c>Web Stuff</c>): a
    /// settings problem to report (<see cref="NotARoleMessage"/>), never a reason to stop the other roles.
    /// </summary>
    public IReadOnlyList<string> StrayFolders() => [.. Folders().Where(n => !RedisKeys.IsValidRole(n))];

    /// <summary>The roles and the stray folders from one listing of the template root.</summary>
    public (IReadOnlyList<string> Roles, IReadOnlyList<string> Stray) RoleFolders()
    {
        var folders = Folders();
        return ([.. folders.Where(RedisKeys.IsValidRole)], [.. folders.Where(n => !RedisKeys.IsValidRole(n))]);
    }

    private string[] Folders() =>
        Directory.Exists(TemplatesPath)
            ? Directory.EnumerateDirectories(TemplatesPath).Select(Path.GetFileName).OfType<string>()
                .Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal).ToArray()
            : [];

    public SecretSpec SecretSpecFor(string name) => Secrets.TryGetValue(name, out var spec) ? spec : SecretSpec.Default(name);
}
