namespace PryvBus.Shared.Status;

/// <summary>Values of the <c>health</c> field of the status hash (issue 15: the health gate after an apply).</summary>
public static class HealthValues
{
    /// <summary>Inside the health window: not yet healthy, not yet failed.</summary>
    public const string Waiting = "waiting";

    /// <summary>Every changed component runs, passes its Docker health check and probe, and stayed so for the soak time.</summary>
    public const string Healthy = "healthy";

    /// <summary>A changed component did not become healthy within the window (or failed during the soak).</summary>
    public const string Unhealthy = "unhealthy";
}
