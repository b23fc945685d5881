using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Watching;

/// <summary>
/// The check the leader's loop makes before each role of its pass is stored: the file watch saw no edit while the pass
/// read its inputs (<see cref="EditGuard"/>), and no settings of another content were put in force since (a value changed
/// through the API or the console, whose own pass stores it: this pass, made of the older settings, must not store after
/// it and take the role back to the old value). A reload of the same content (<c>POST /admin/render</c>) holds nothing back.
/// </summary>
public static class PassInputs
{
    /// <param name="provider">The leader's settings.</param>
    /// <param name="revision">The provider's <see cref="SettingsProvider.Revision"/> when the pass took its settings.</param>
    /// <param name="unedited">The file watch's check for this pass (<see cref="EditGuard.ForThisPass"/>); null: none.</param>
    public static Func<ValueTask<bool>> Settled(SettingsProvider provider, long revision, Func<bool>? unedited)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return () =>
        {
            var settled = unedited?.Invoke() ?? true; // asked as before, whatever follows: the guard keeps its own state
            return ValueTask.FromResult(settled && provider.Revision == revision);
        };
    }
}
