namespace PryvBus.Follower.Containers;

/// <summary>
/// The container step: restarts the components of this machine's role after their files changed,
/// or on a <c>reload</c> event (files untouched).
/// </summary>
public interface IContainerRestarter
{
    /// <param name="role">The follower's role.</param>
    /// <param name="components">Never empty: callers skip empty selections.</param>
    /// <param name="reason">Why, for the operator: "version 12", "reload event".</param>
    /// <param name="ct">Stops waiting for the restarts.</param>
    Task RestartAsync(string role, ComponentSelection components, string reason, CancellationToken ct);
}
