namespace PryvBus.Follower.Settings;

/// <summary>The follower's command line: <c>--config PATH</c> (or <c>--config=PATH</c>) and nothing else.</summary>
public static class CommandLine
{
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
            else
            {
                throw new SettingsException([$"unknown argument '{args[i]}' (usage: pryvbus-follower [--config PATH])"]);
            }
        }

        return path;
    }
}
