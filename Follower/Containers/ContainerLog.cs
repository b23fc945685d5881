using Microsoft.Extensions.Logging;

namespace PryvBus.Follower.Containers;

/// <summary>The container-restart step's log events (ids 500–519; reload actions 510–514): stable ids, named properties.</summary>
internal static partial class ContainerLog
{
    [LoggerMessage(500, LogLevel.Information, "Restarting component {Component} container {Container} (attempt {Attempt} of {MaxAttempts})")]
    public static partial void Restarting(ILogger logger, string component, string container, int attempt, int maxAttempts);

    [LoggerMessage(501, LogLevel.Information, "Starting stopped component {Component} container {Container} (attempt {Attempt} of {MaxAttempts})")]
    public static partial void Starting(ILogger logger, string component, string container, int attempt, int maxAttempts);

    [LoggerMessage(502, LogLevel.Information, "Component {Component} container {Container} is {Outcome} and ready after {ElapsedMs} ms")]
    public static partial void Ready(ILogger logger, string component, string container, RestartOutcome outcome, long elapsedMs);

    [LoggerMessage(503, LogLevel.Warning, "Component {Component} container {Container} attempt {Attempt} of {MaxAttempts} failed: {Error}")]
    public static partial void AttemptFailed(ILogger logger, string component, string container, int attempt, int maxAttempts, string error);

    [LoggerMessage(504, LogLevel.Error, "Component {Component} container {Container} failed after {Attempts} attempt(s): {Error}")]
    public static partial void ContainerFailed(ILogger logger, string component, string container, int attempts, string error);

    [LoggerMessage(505, LogLevel.Warning, "Component {Component} has no container in compose project {Project} nor in the name map")]
    public static partial void NoContainer(ILogger logger, string component, string project);

    [LoggerMessage(506, LogLevel.Debug, "Docker at {Endpoint} is unreachable; the restart stays pending: {Error}")]
    public static partial void Unreachable(ILogger logger, string endpoint, string error);

    [LoggerMessage(510, LogLevel.Information, "Component {Component} container {Container} reloaded ({Action}) in {ElapsedMs} ms")]
    public static partial void Reloaded(ILogger logger, string component, string container, string action, long elapsedMs);

    [LoggerMessage(511, LogLevel.Warning, "Component {Component} container {Container}: {Action} failed ({Error}); restarting it instead")]
    public static partial void ReloadFellBack(ILogger logger, string component, string container, string action, string error);
}
