namespace PryvBus.Follower.Containers;

/// <summary>A container step that can record a restart it owes durably, before the files are committed.</summary>
public interface IDurableRestarts
{
    /// <summary>Records the restart without starting it; the following <see cref="IContainerRestarter.RestartAsync"/> starts it.</summary>
    void Owe(ComponentSelection components);
}
