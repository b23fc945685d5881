namespace PryvBus.Tests.Rollout;

/// <summary>
/// The rollout on Docker runs three followers and their stand-ins at once: run alone, after the parallel tests, so that
/// its load on the shared daemon never pushes another test's health windows (FollowerRevertTests) past their limits.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RolloutDockerCollection
{
    public const string Name = "Rollout on Docker";
}
