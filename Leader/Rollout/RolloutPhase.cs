namespace PryvBus.Leader.Rollout;

/// <summary>The phases of a rollout.</summary>
public static class RolloutPhase
{
    /// <summary>Waves are admitted one by one as the previous one is applied, healthy and soaked.</summary>
    public const string Running = "running";

    /// <summary>An operator paused it: no wave is admitted until <c>rollout resume</c>.</summary>
    public const string Paused = "paused";

    /// <summary>A follower reverted, failed or timed out: no wave is admitted until <c>rollout resume</c> or a new version.</summary>
    public const string Halted = "halted";

    /// <summary>Halted, and the role was pinned to the last good serial, admitted to every follower.</summary>
    public const string Pinned = "pinned";

    /// <summary>Every wave is admitted and healthy (or promoted).</summary>
    public const string Done = "done";

    /// <summary>An operator aborted it: the admission stays as it was until a new version.</summary>
    public const string Aborted = "aborted";

    public static bool IsKnown(string phase) => phase is Running or Paused or Halted or Pinned or Done or Aborted;
}
