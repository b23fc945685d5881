using System.Text.Json;
using System.Text.Json.Nodes;
using PryvBus.Leader.Settings;

namespace PryvBus.Tests.Fixtures;

/// <summary>
/// A leader's inputs on disk, laid out as the seed says (<c>config-leader/conf/config-leader.json</c>,
/// <c>config-leader/data/{role}/…</c>), pointing at a test's Redis and key prefix.
/// </summary>
public sealed class LeaderTree : IDisposable
{
    private readonly TempDirectory _root = new();

    public LeaderTree(string redisEndpoint = "127.0.0.1:1", string? prefix = null)
    {
        Prefix = prefix ?? RedisServer.NewPrefix();
        Config = new JsonObject
        {
            ["redis"] = new JsonObject { ["configuration"] = redisEndpoint },
            ["keyPrefix"] = Prefix,
            ["historyLength"] = 5,
            ["watchDebounceMs"] = 50,
            ["platform"] = new JsonObject
            {
                ["DOMAIN"] = new JsonObject { ["value"] = "pryv.test", ["description"] = "The platform domain." },
                ["PORT"] = 3000,
            },
            ["followers"] = new JsonArray(),
        };
        Directory.CreateDirectory(DataPath);
    }

    public string Prefix { get; }

    /// <summary>The JSON of config-leader.json; call <see cref="Save"/> after changing it.</summary>
    public JsonObject Config { get; }

    public string ConfigPath => _root.Combine("config-leader", "conf", "config-leader.json");

    public string DataPath => _root.Combine("config-leader", "data");

    public LeaderTree Template(string role, string path, string content)
    {
        _root.Write($"config-leader/data/{role}/{path}", content);
        return this;
    }

    public LeaderTree Binary(string role, string path, byte[] content)
    {
        var full = _root.Write($"config-leader/data/{role}/{path}", string.Empty);
        File.WriteAllBytes(full, content);
        return this;
    }

    public string TemplatePath(string role, string path) => Path.Combine(DataPath, role, path);

    public LeaderTree Follower(string id, string role, string key)
    {
        Config["followers"]!.AsArray().Add(new JsonObject { ["id"] = id, ["role"] = role, ["key"] = key });
        return this;
    }

    public LeaderTree Value(string name, JsonNode? value)
    {
        Config["platform"]![name] = value;
        return this;
    }

    public LeaderTree Secret(string name, JsonObject spec)
    {
        Config["secrets"] ??= new JsonObject();
        Config["secrets"]![name] = spec;
        return this;
    }

    public string Save()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigPath)!);
        File.WriteAllText(ConfigPath, Config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return ConfigPath;
    }

    public LeaderSettings Load() => SettingsLoader.Load(Save());

    public void Dispose() => _root.Dispose();
}
