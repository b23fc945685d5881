using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Follower.Admission;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Rollout;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Rollout;

/// <summary>
/// A leader with role core, followers core-1..3 and a policy (waves [core-1] then the rest); followers simulated by
/// writing their status hashes as a follower would, and by reading their admission with the follower's own check.
/// </summary>
internal sealed class RolloutScenario : IDisposable
{
    public const string Key = "rollout-key-0123456789abcdef";

    /// <summary>The one template: a file of component <c>core</c>, so that an apply restarts that component.</summary>
    public const string FilePath = "core/conf/a.conf";
    private readonly RedisServer _redis;
    private readonly LeaderTree _tree;

    private readonly string _filePath;
    private readonly TimeProvider? _clock;

    /// <param name="filePath">The one template's path (its top folder is the component an apply restarts).</param>
    /// <param name="configure">Changes to config-leader.json (e.g. <c>components</c>) before the settings are loaded.</param>
    /// <param name="clock">The driver's clock: the wall clock for real followers, <see cref="Time"/> (moved by hand) when null.</param>
    public RolloutScenario(
        RedisServer redis, string onFailure = "halt-and-pin", string onTimeout = "halt", int soakSeconds = 60,
        string filePath = FilePath, Action<JsonObject>? configure = null, TimeProvider? clock = null)
    {
        _redis = redis;
        _filePath = filePath;
        _clock = clock;
        _tree = new LeaderTree(redis.Endpoint).Template("core", filePath, "v0")
            .Follower("core-1", "core", Key + "1").Follower("core-2", "core", Key + "2").Follower("core-3", "core", Key + "3");
        _tree.Config["rollout"] = JsonNode.Parse($$"""
            { "core": { "waves": [["core-1"], ["*"]], "soakSeconds": {{soakSeconds}}, "onFailure": "{{onFailure}}", "followerTimeoutSeconds": 600, "onTimeout": "{{onTimeout}}" } }
            """);
        configure?.Invoke(_tree.Config);
        Settings = _tree.Load();
        Driver = NewDriver();
    }

    public LeaderSettings Settings { get; }

    public string ConfigPath => _tree.ConfigPath;

    public ManualTime Time { get; } = new();

    public RolloutDriver Driver { get; private set; }

    public RolloutPolicy Policy => Settings.Rollout["core"];

    /// <summary>The store generation the leader chose (read after the first render).</summary>
    public long Generation { get; private set; }

    public AdmissionDecision Admitted(long serial) => AdmissionDecision.Admitted(Generation, serial);

    /// <summary>Plays a leader restart: a new driver, nothing kept in memory.</summary>
    public void RestartLeader() => Driver = NewDriver();

    public Task StepAsync() => Driver.StepAsync(Settings, "core", Policy);

    public async Task<long> RenderAsync(string content)
    {
        File.WriteAllText(_tree.TemplatePath("core", _filePath), content);
        var reports = await new PlatformPipeline(_redis.Admin, NullLogger<PlatformPipeline>.Instance, _ => null).RunAsync(Settings, "test");
        Generation = (long)await _redis.Db.StringGetAsync(Settings.Keys.Generation);
        return reports.Single(r => r.Role == "core").Store!.Serial;
    }

    /// <summary>What a follower's own check of its admission says (the real follower code).</summary>
    public async Task<AdmissionDecision> AdmissionOfAsync(string id)
    {
        var entries = await _redis.Db.HashGetAllAsync(Settings.Keys.Admission("core"));
        var fields = entries.ToDictionary(e => (string)e.Name!, e => (string)e.Value!, StringComparer.Ordinal);
        return AdmissionCheck.Decide(fields, "core", id, Key + id[^1]);
    }

    /// <summary>Writes a follower's status hash as the follower would after applying (health as the health gate writes it).</summary>
    public Task ReportAsync(string id, long serial, string state = FollowerState.Ok, bool withHealth = false, long? wanted = null)
    {
        var fields = new List<StackExchange.Redis.HashEntry>
        {
            new(StatusFields.Role, "core"), new(StatusFields.State, state), new(StatusFields.Generation, Generation), new(StatusFields.Serial, serial), new(StatusFields.Wanted, wanted ?? serial),
        };
        if (withHealth)
        {
            fields.Add(new(StatusFields.Health, HealthValues.Healthy));
            fields.Add(new(StatusFields.HealthSerial, serial));
            fields.Add(new(StatusFields.HealthGeneration, Generation));
            fields.Add(new(StatusFields.HealthySince, Time.Now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
        }

        return _redis.Db.HashSetAsync(Settings.Keys.Follower(id), [.. fields]);
    }

    public string Endpoint => _redis.Endpoint;

    public async Task<string?> PhaseAsync() => await _redis.Db.HashGetAsync(Settings.Keys.Rollout("core"), "phase");

    public void Dispose() => _tree.Dispose();

    private RolloutDriver NewDriver() => new(_redis.Admin, NullLogger.Instance, _clock ?? Time);
}
