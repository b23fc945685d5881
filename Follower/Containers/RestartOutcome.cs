namespace PryvBus.Follower.Containers;

/// <summary>What happened to a component's (or one container's) restart.</summary>
public enum RestartOutcome
{
    /// <summary>Running containers were restarted and are running (and healthy, when they have a health check).</summary>
    Restarted,

    /// <summary>The component's reload action (a signal, a command inside the container) succeeded: no restart.</summary>
    Reloaded,

    /// <summary>At least one container was stopped and has been started; none failed.</summary>
    Started,

    /// <summary>No container carries the component's labels or mapped names.</summary>
    NoContainer,

    /// <summary>A container did not come back within the attempts; the error says why.</summary>
    Failed,

    /// <summary>Docker did not answer: nothing is known to have happened; retry later with backoff.</summary>
    Pending,
}
