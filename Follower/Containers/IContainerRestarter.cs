using PryvBus.Shared.Versions;

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

    /// <summary>
    /// Records a restart owed, durably, before the files are committed, without starting it; the following
    /// <see cref="RestartAsync"/> starts it. A step that keeps nothing across a crash does nothing here.
    /// </summary>
    /// <param name="components">May be empty: nothing is owed then.</param>
    void Owe(ComponentSelection components);

    /// <summary>
    /// Records how each component reloads, from a verified version, durably, before its files are committed; later
    /// restarts (and reload events) use it. A step that keeps nothing does nothing here.
    /// </summary>
    void Declare(IReadOnlyDictionary<string, ComponentSpec> components)
    {
    }
}
