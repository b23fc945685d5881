namespace PryvBus.Leader.Commands;

/// <summary>Where config-leader.json is: --config, then $PRYVBUS_LEADER_CONFIG, then the seed's layout under $PRYV_CONF_ROOT.</summary>
public static class ConfigLocator
{
    public const string ConfigVariable = "PRYVBUS_LEADER_CONFIG";
    public const string ConfRootVariable = "PRYV_CONF_ROOT";

    public static string Resolve(string? explicitPath)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return Path.GetFullPath(explicitPath);
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(ConfigVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        var root = Environment.GetEnvironmentVariable(ConfRootVariable);
        return Path.GetFullPath(string.IsNullOrEmpty(root)
            ? Path.Combine("config-leader", "conf", "config-leader.json")
            : Path.Combine(root, "config-leader", "conf", "config-leader.json"));
    }
}
