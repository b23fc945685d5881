namespace PryvBus.Shared.Versions;

/// <summary>
/// A component's reload action: <see cref="ReloadKind.Restart"/> (no other field), <see cref="ReloadKind.Signal"/>
/// (<see cref="Signal"/>, one of <see cref="ComponentRules.Signals"/>) or <see cref="ReloadKind.Exec"/> (<see cref="Command"/>
/// run inside the running container, at most <see cref="TimeoutSeconds"/>).
/// </summary>
public sealed record ReloadAction(ReloadKind Kind, string? Signal, IReadOnlyList<string> Command, int TimeoutSeconds)
{
    public static ReloadAction Restart { get; } = new(ReloadKind.Restart, null, [], ComponentRules.DefaultReloadTimeoutSeconds);

    public override string ToString() => Kind switch
    {
        ReloadKind.Signal => "signal " + Signal,
        ReloadKind.Exec => "exec " + string.Join(' ', Command),
        _ => "restart",
    };
}
