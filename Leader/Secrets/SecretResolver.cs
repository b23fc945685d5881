using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using StackExchange.Redis;

namespace PryvBus.Leader.Secrets;

/// <summary>
/// Answers <c>{{ secret "NAME" }}</c> for one render of one role: the environment
/// (<c>PRYVBUS_SECRET_NAME</c>) wins, then the leader's state folder, then the value stored in Redis, else a new value
/// is generated: the pipeline seals it in the state folder, then the store persists it in the same transaction as the
/// version that uses it. When the state folder cannot be read, no secret is answered (nor generated) but overrides.
/// </summary>
public sealed class SecretResolver
{
    public const string EnvironmentPrefix = "PRYVBUS_SECRET_";

    private readonly LeaderSettings _settings;
    private readonly IReadOnlyDictionary<string, string> _platformValues;
    private readonly IReadOnlyDictionary<string, string> _roleValues;
    private readonly RedisKey _platformHash;
    private readonly RedisKey _roleHash;
    private readonly Func<string, string?> _environment;
    private readonly SecretState? _state;
    private readonly StateException? _stateError;
    private readonly string _roleScope;
    private readonly Dictionary<string, string> _resolved = new(StringComparer.Ordinal);
    private readonly List<NewSecret> _generated = [];

    internal SecretResolver(
        LeaderSettings settings,
        IReadOnlyDictionary<string, string> platformValues,
        IReadOnlyDictionary<string, string> roleValues,
        RedisKey platformHash,
        RedisKey roleHash,
        Func<string, string?> environment,
        string role = "offline",
        SecretState? state = null,
        StateException? stateError = null)
    {
        _settings = settings;
        _platformValues = platformValues;
        _roleValues = roleValues;
        _platformHash = platformHash;
        _roleHash = roleHash;
        _environment = environment;
        _roleScope = RedisKeys.IsValidRole(role) ? SecretScopes.Role(role) : SecretScopes.Platform;
        _state = state;
        _stateError = stateError;
    }

    /// <summary>A resolver that reads nothing from Redis (every secret is freshly generated): for offline previews.</summary>
    public static SecretResolver Offline(LeaderSettings settings) =>
        new(settings, new Dictionary<string, string>(), new Dictionary<string, string>(), default, default, _ => null);

    /// <summary>
    /// An offline resolver whose secrets are the stand-ins <paramref name="standIn"/> gives for their specs: a reader that
    /// keeps its stand-ins renders the same bytes each time, so what it rendered before is reused.
    /// </summary>
    public static SecretResolver Offline(LeaderSettings settings, Func<SecretSpec, string> standIn)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(standIn);
        return new(
            settings, new Dictionary<string, string>(), new Dictionary<string, string>(), default, default,
            variable => variable.StartsWith(EnvironmentPrefix, StringComparison.Ordinal) ? standIn(settings.SecretSpecFor(variable[EnvironmentPrefix.Length..])) : null);
    }

    /// <summary>Secrets resolved so far: name → value (used to mask them in any output).</summary>
    public IReadOnlyDictionary<string, string> Resolved => _resolved;

    public IReadOnlyList<NewSecret> Generated => _generated;

    public string Get(string name)
    {
        if (!Settings.SettingsLoader.IsIdentifier(name))
        {
            throw new ArgumentException($"'{name}' is not a secret name (letters, digits and '_')", nameof(name));
        }

        if (_resolved.TryGetValue(name, out var known))
        {
            return known;
        }

        var spec = _settings.SecretSpecFor(name);
        var (stored, hash) = spec.Scope == SecretScope.Platform ? (_platformValues, _platformHash) : (_roleValues, _roleHash);
        var value = _environment(EnvironmentPrefix + name);
        if (string.IsNullOrEmpty(value) && _stateError is not null)
        {
            throw new StateException($"secret {name}: the state folder cannot be read, so it is neither used nor replaced: {_stateError.Message}");
        }

        if (string.IsNullOrEmpty(value))
        {
            value = _state?.Get(spec.Scope == SecretScope.Platform ? SecretScopes.Platform : _roleScope, name);
        }

        if (string.IsNullOrEmpty(value) && !stored.TryGetValue(name, out value))
        {
            value = SecretGenerator.Generate(spec);
            _generated.Add(new NewSecret(hash, name, value));
        }

        _resolved[name] = value;
        return value;
    }
}
