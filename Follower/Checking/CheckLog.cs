using Microsoft.Extensions.Logging;

namespace PryvBus.Follower.Checking;

/// <summary>The check step's log events (ids 515–521; 517 and 519, a check skipped, are no longer used: a declared check is never skipped): stable ids, named properties.</summary>
internal static partial class CheckLog
{
    [LoggerMessage(515, LogLevel.Information, "Component {Component}: check {Command} passed on the staged files of version {Serial} in {ElapsedMs} ms")]
    public static partial void Passed(ILogger logger, string component, string command, long serial, long elapsedMs);

    [LoggerMessage(516, LogLevel.Error, "Component {Component}: the staged files of version {Serial} are refused, nothing of the version is written: {Problem}")]
    public static partial void Failed(ILogger logger, string component, long serial, string problem);

    [LoggerMessage(520, LogLevel.Debug, "Component {Component}: checking the staged files of version {Serial} in image {Image} ({Origin})")]
    public static partial void Running(ILogger logger, string component, string image, string origin, long serial);

    [LoggerMessage(518, LogLevel.Information, "Removed what an interrupted check left behind: {What}")]
    public static partial void Cleaned(ILogger logger, string what);

    [LoggerMessage(521, LogLevel.Warning, "The pryv.yml of version {Serial} cannot be read ({Problem}): its checks run in the images of the running containers")]
    public static partial void ComposeUnreadable(ILogger logger, long serial, string problem);
}
