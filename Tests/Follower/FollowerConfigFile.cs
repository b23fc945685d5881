using System.Text.Json;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>A config-follower.json for a real follower process, against a test's Redis and key prefix.</summary>
internal static class FollowerConfigFile
{
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
        }));
        return path;
    }

    public static ProgramProcess Start(string config) => ProgramProcess.Start("Follower", "pryvbus-follower", ["--config", config]);
}
