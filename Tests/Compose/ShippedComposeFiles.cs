using PryvBus.Tests.EndToEnd;
using PryvBus.Tests.Fixtures;
using YamlDotNet.RepresentationModel;

namespace PryvBus.Tests.Compose;

/// <summary>
/// The compose files shipped under <c>compose/</c> as the real compose tool reads them (<c>docker-compose config</c>:
/// extension fields, anchors and variables resolved), with only the required variables set, so every default shows.
/// </summary>
internal static class ShippedComposeFiles
{
    public static readonly string[] Files = ["singlenode/docker-compose.yml", "cluster/reg-master.yml", "cluster/follower.yml"];

    private static readonly Dictionary<string, string> Environment = new()
    {
        ["PRYV_CONF_ROOT"] = "/var/pryv",
        ["PRYVBUS_REDIS_PASSWORD"] = "unused",
        ["PRYVBUS_STATE_KEY"] = "unused",
        // Empty counts as unset for ${VAR:-default}: a value in the test's own environment must not hide the default.
        ["PRYVBUS_REDIS_PORT"] = string.Empty,
    };

    /// <summary>The services of a file (name → definition) after <c>docker-compose -f FILE config</c>.</summary>
    public static async Task<IReadOnlyDictionary<string, YamlMappingNode>> ServicesAsync(string file)
    {
        var path = RepositoryRoot.Combine("compose", file);
        var result = (await ComposeRun.RunAsync("docker-compose", ["-f", path, "config"], Environment, TimeSpan.FromSeconds(60)))
            .EnsureSuccess($"docker-compose config of {file}");
        var stream = new YamlStream();
        stream.Load(new StringReader(result.Output));
        var services = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["services"];
        return services.Children.ToDictionary(s => ((YamlScalarNode)s.Key).Value!, s => (YamlMappingNode)s.Value, StringComparer.Ordinal);
    }

    /// <summary>A scalar under a service by its path of keys, or null when a key is missing.</summary>
    public static string? Scalar(YamlMappingNode service, params string[] keys)
    {
        YamlNode node = service;
        foreach (var key in keys)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out node!))
            {
                return null;
            }
        }

        return (node as YamlScalarNode)?.Value;
    }

    /// <summary>The items of a sequence under a service (empty when it is missing).</summary>
    public static IReadOnlyList<string> Sequence(YamlMappingNode service, string key) =>
        service.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode sequence
            ? sequence.Children.Select(n => ((YamlScalarNode)n).Value!).ToArray()
            : [];
}
