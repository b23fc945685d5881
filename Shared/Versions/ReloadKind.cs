namespace PryvBus.Shared.Versions;

/// <summary>How a component takes its new files: the default restart, a signal to its main process, or a command run inside it.</summary>
public enum ReloadKind
{
    Restart,
    Signal,
    Exec,
}
