using PryvBus.Shared;

namespace PryvBus.Follower.Settings;

/// <summary>
/// The validated settings of one follower (<c>config-follower/conf/config-follower.json</c>).
/// A class, not a record: a generated <c>ToString</c> would print the key.
/// </summary>
public sealed class FollowerSettings
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(30);

    public required string Id { get; init; }

    public required string Role { get; init; }

    /// <summary>The symmetric key the leader signs this follower's versions with. Never logged.</summary>
    public required string Key { get; init; }

    public string KeyPrefix { get; init; } = RedisKeys.DefaultPrefix;

    /// <summary>The key and channel names under <see cref="KeyPrefix"/>: the one place they are derived.</summary>
    public RedisKeys Keys => field ??= new RedisKeys(KeyPrefix);

    public required RedisSettings Redis { get; init; }

    /// <summary>Absolute path of the config root this follower writes.</summary>
    public required string ConfigRoot { get; init; }

    public TimeSpan PollInterval { get; init; } = DefaultPollInterval;

    /// <summary>
    /// This machine's role is rolled out in waves (<c>"requireAdmission": true</c>): a version is applied only once the
    /// leader's signed admission names it for this follower, never for want of an admission key (Redis lost its data, a
    /// restart, someone deleting the key). Without it, an admission key that vanishes is waited for a grace period only.
    /// </summary>
    public bool RequireAdmission { get; init; }

    /// <summary>Fraction of the poll interval added or removed at random, so followers do not poll in step.</summary>
    public double PollJitter { get; init; } = 0.2;

    public FileSettings Files { get; init; } = new();

    /// <summary>Loopback port of the Prometheus endpoint (<c>http://127.0.0.1:{port}/metrics</c>); null: off.</summary>
    public int? MetricsPort { get; init; }

    /// <summary>The container step; null when restarts are switched off (<c>"containers": { "enabled": false }</c>).</summary>
    public ContainerSettings? Containers { get; init; } = new();

    /// <summary>What a signed <c>pryv.yml</c> may ask for (<c>composePolicy</c>); checked whether or not containers are on.</summary>
    public ComposePolicySettings ComposePolicy { get; init; } = new();

    /// <summary>Keys holding a sample credential, accepted only in a declared demo (<c>PRYVBUS_DEMO=1</c>). Names, never values.</summary>
    public IReadOnlyList<string> SampleCredentials { get; init; } = [];

    /// <summary>Full path of the settings file when they were loaded from disk; null when parsed from text.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Keys of the file that hold a credential (<c>key</c>, <c>redis.password</c>). Names, never values.</summary>
    public IReadOnlyList<string> CredentialsInFile { get; init; } = [];

    /// <summary>
    /// The file's mode in octal when it was read from disk, holds credentials and is open to others or to its group's
    /// writes (<see cref="Shared.Settings.CredentialFileMode"/>): the follower warns at start with the fix. Null otherwise.
    /// </summary>
    public string? OpenFileMode { get; init; }

    public override string ToString() => $"{Id} ({Role}) → {ConfigRoot}";
}
