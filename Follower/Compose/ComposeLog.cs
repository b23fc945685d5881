using Microsoft.Extensions.Logging;

namespace PryvBus.Follower.Compose;

/// <summary>The compose step's log events (ids 540–559): stable ids, named properties, no file content.</summary>
internal static partial class ComposeLog
{
    [LoggerMessage(540, LogLevel.Information, "pryv.yml changed: bringing up services {Services} of project {Project} with {Command}")]
    public static partial void BringingUp(ILogger logger, string services, string project, string command);

    [LoggerMessage(541, LogLevel.Information, "Compose step done: {Summary}")]
    public static partial void Done(ILogger logger, string summary);

    [LoggerMessage(542, LogLevel.Warning, "Service {Service} not brought up, its old container stays: {Error}")]
    public static partial void ServiceFailed(ILogger logger, string service, string error);

    [LoggerMessage(543, LogLevel.Warning, "Service {Service} was removed from pryv.yml; its containers are left running (containers.composeRemoveServices is false)")]
    public static partial void LeftRunning(ILogger logger, string service);

    [LoggerMessage(544, LogLevel.Information, "Service {Service} was removed from pryv.yml: {Count} container(s) stopped and removed")]
    public static partial void Removed(ILogger logger, string service, int count);

    [LoggerMessage(545, LogLevel.Error, "pryv.yml cannot be compared, the containers stay as they are: {Error}")]
    public static partial void FileInvalid(ILogger logger, string error);

    [LoggerMessage(546, LogLevel.Information, "Pulling the missing image of service {Service}: {Image}")]
    public static partial void Pulling(ILogger logger, string service, string image);

    [LoggerMessage(547, LogLevel.Error, "Compose step failed, the containers stay as they are: {Error}")]
    public static partial void Failed(ILogger logger, string error);
}
