namespace PryvBus.Shared.Versions;

/// <summary>What a role's version says about one component: how it reloads, and the check its new files must pass (if any).</summary>
public sealed record ComponentSpec(ReloadAction Reload, ComponentCheck? Check);
