namespace PryvBus.Shared.Versions;

/// <summary>
/// What a role's version says about one component: how it reloads, the check its new files must pass (if any), and how
/// its health is judged after a restart or reload (null: containers running and their Docker health check, default
/// window and soak).
/// </summary>
public sealed record ComponentSpec(ReloadAction Reload, ComponentCheck? Check, ComponentHealth? Health = null);
