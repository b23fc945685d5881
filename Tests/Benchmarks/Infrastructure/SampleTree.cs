using System.Text.Json;
using System.Text.Json.Nodes;
using PryvBus.Leader.Settings;

namespace PryvBus.Benchmarks.Infrastructure;

/// <summary>
/// A working copy of a sample platform (<c>compose/singlenode</c>, <c>compose/cluster</c>) pointed at the benchmark's
/// Redis and key prefix, with no file watching, HTTP API or ACL provisioning (the benchmark drives the leader itself; the
/// benchmarks of the real leader process turn provisioning on, as an operator runs it).
/// </summary>
internal sealed class SampleTree : IDisposable
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly JsonObject _config;

    public SampleTree(string sampleRoot, string redisEndpoint, string prefix, IReadOnlyList<FollowerIdentity>? followers = null)
    {
        Root = Directory.CreateTempSubdirectory("pryvbus-bench-tree-").FullName;
        CopyDirectory(sampleRoot, Root);
        ConfigPath = FindConfig(Root) ?? throw new InvalidOperationException($"{sampleRoot} has no config-leader/conf/config-leader.json");
        _config = JsonNode.Parse(File.ReadAllText(ConfigPath), documentOptions: Lenient)!.AsObject();
        _config["redis"] = new JsonObject { ["configuration"] = redisEndpoint };
        _config["keyPrefix"] = prefix;
        _config["watch"] = false;
        _config["http"] = new JsonObject { ["enabled"] = false };
        _config["acl"] = new JsonObject { ["provision"] = false };
        foreach (var follower in _config["followers"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            // The shipped change-me-… keys are refused outside a demo: the benchmark's tree has keys of its own.
            follower["key"] = "bench-" + (string?)follower["id"] + "-key-0123456789abcdef";
        }

        if (followers is not null)
        {
            _config["followers"] = new JsonArray(followers
                .Select(f => (JsonNode)new JsonObject { ["id"] = f.Id, ["role"] = f.Role, ["key"] = f.Key }).ToArray());
        }

        Save();
    }

    public string Root { get; }

    public string ConfigPath { get; }

    public string Prefix => (string)_config["keyPrefix"]!;

    /// <summary>config-leader.json below <paramref name="sampleRoot"/>; null when there is none.</summary>
    public static string? FindConfig(string sampleRoot) =>
        Directory.Exists(sampleRoot)
            ? Directory.EnumerateFiles(sampleRoot, "config-leader.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault()
            : null;

    /// <summary>Sets a platform value, keeping its description when it has one.</summary>
    public void SetPlatformValue(string name, JsonNode value)
    {
        var platform = _config["platform"]!.AsObject();
        if (platform[name] is JsonObject described && described.ContainsKey("value"))
        {
            described["value"] = value;
        }
        else
        {
            platform[name] = value;
        }
    }

    /// <summary>Sets a top-level setting (<c>watch</c>, <c>http</c>…) of the working copy; <see cref="Save"/> writes it.</summary>
    public void SetSetting(string name, JsonNode value) => _config[name] = value;

    public void Save() => File.WriteAllText(ConfigPath, _config.ToJsonString(Indented));

    /// <summary>Writes the file and loads it as the leader does on a reload.</summary>
    public LeaderSettings Load()
    {
        Save();
        return SettingsLoader.Load(ConfigPath);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }
}
