namespace PryvBus.Follower.Settings;

/// <summary>The follower's command line: <c>--config PATH</c> (or <c>--config=PATH</c>) and <c>--health</c>.</summary>
public static class CommandLine
{
    public const string HealthFlag = "--health";

    private const string Usage = "usage: pryvbus-follower [--config PATH] [--health]";

    /// <summary>The settings path given on the command line; null when none.</summary>
    public static string? ConfigPath(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? path = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--config" && i + 1 < args.Count)
            {
                path = args[++i];
            }
            else if (args[i].StartsWith("--config=", StringComparison.Ordinal))
            {
                path = args[i]["--config=".Length..];
            }
            else if (args[i] != HealthFlag)
            {
                throw new SettingsException([$"unknown argument '{args[i]}' ({Usage})"]);
            }
        }

        return path;
    }

    /// <summary>True for <c>--health</c>: check the running follower's status instead of running one.</summary>
    public static bool IsHealthCheck(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Contains(HealthFlag);
    }
}
