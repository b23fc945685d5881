using System.Text.Json;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>A config-follower.json for a real follower process, against a test's Redis and key prefix (no metrics port: the key is left out, as null is an error).</summary>
internal static class FollowerConfigFile
{
    private static readonly JsonSerializerOptions WithoutNulls = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static string Write(TempDirectory temp, string redisEndpoint, string prefix, int? metricsPort = null)
    {
        var path = temp.Combine("config-follower.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            id = LeaderDouble.FollowerId,
            role = LeaderDouble.Role,
            key = LeaderDouble.FollowerKey,
            keyPrefix = prefix,
            redis = new { configuration = redisEndpoint },
            configRoot = temp.Combine("pryv"),
            pollIntervalSeconds = 1,
            metricsPort,
        }, WithoutNulls));
        return path;
    }

    public static ProgramProcess Start(string config) => ProgramProcess.Start("Follower", "pryvbus-follower", ["--config", config]);
}
