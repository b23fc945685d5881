using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Watching;

/// <summary>
/// The check the leader's loop makes before each role of its pass is stored: the settings the pass was given are still
/// the ones in force, and the file watch saw no edit while it read them (<see cref="EditGuard"/>). A value changed through
/// the API or the console meanwhile puts newer settings in force and its own pass stores them; this pass, made of the
/// older ones, must not store after it and take the role back to the old value.
/// </summary>
public static class PassInputs
{
    /// <param name="provider">The leader's settings.</param>
    /// <param name="given">The settings the pass renders.</param>
    /// <param name="unedited">The file watch's check for this pass (<see cref="EditGuard.ForThisPass"/>); null: none.</param>
    public static Func<ValueTask<bool>> Settled(SettingsProvider provider, LeaderSettings given, Func<bool>? unedited)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(given);
        return () => ValueTask.FromResult(ReferenceEquals(provider.Current, given) && (unedited?.Invoke() ?? true));
    }
}
