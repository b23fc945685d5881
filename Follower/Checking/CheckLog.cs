using Microsoft.Extensions.Logging;

namespace PryvBus.Follower.Checking;

/// <summary>The check step's log events (ids 515–519): stable ids, named properties.</summary>
internal static partial class CheckLog
{
    [LoggerMessage(515, LogLevel.Information, "Component {Component}: check {Command} passed on the staged files of version {Serial} in {ElapsedMs} ms")]
    public static partial void Passed(ILogger logger, string component, string command, long serial, long elapsedMs);

    [LoggerMessage(516, LogLevel.Error, "Component {Component}: the staged files of version {Serial} are refused, nothing of the version is written: {Problem}")]
    public static partial void Failed(ILogger logger, string component, long serial, string problem);

    [LoggerMessage(517, LogLevel.Warning, "Component {Component}: no container to take the image from; its check is skipped for version {Serial}")]
    public static partial void NoContainer(ILogger logger, string component, long serial);

    [LoggerMessage(518, LogLevel.Information, "Removed what an interrupted check left behind: {What}")]
    public static partial void Cleaned(ILogger logger, string what);

    [LoggerMessage(519, LogLevel.Warning, "Component {Component}: container {Container} mounts nothing of {Folder}; its check is skipped for version {Serial}")]
    public static partial void NotMounted(ILogger logger, string component, string container, string folder, long serial);
}
