using Microsoft.Extensions.Logging;
using PryvBus.Leader.Logging;

namespace PryvBus.Leader.Watching;

/// <summary>
/// Keeps half an edit out of the store. Before a pass reads its inputs it waits until no watched file is open for
/// writing (<see cref="InputWatcher.UntilWrittenAsync"/>); then, just before each role is stored, it asks whether the
/// watch saw any change since (an edit that began while the pass read the templates), or a file is still open for
/// writing (a writer that paused longer than the wait): if so the role is not stored, and the pass that edit asks for
/// stores it. A pass after one that held a role back never holds back (a file
/// rewritten without end must not stop every store). The changes seen before a pass reads its inputs make no request of
/// their own once its settings are loaded (<see cref="Reading"/>): a <c>SIGHUP</c> just after an edit runs one pass, not two. Without a
/// watch (<c>watch: false</c>) nothing is held.
/// </summary>
public sealed class EditGuard(InputWatcher? watcher, ILogger? logger = null)
{
    private long _seen;
    private bool _armed;
    private bool _heldLastPass;

    /// <summary>Waits for writers to close their files, then notes what the watch has seen so far.</summary>
    public async Task BeforeReadingAsync(TimeSpan max, CancellationToken ct)
    {
        if (watcher is null)
        {
            return;
        }

        await watcher.UntilWrittenAsync(max, ct);
        _seen = watcher.Generation;
        _armed = true;
    }

    /// <summary>
    /// The pass has its settings (the file read after <see cref="BeforeReadingAsync"/> loaded): the changes seen before it
    /// began reading are its to read, and the watch asks for no pass of its own for them (<see cref="InputWatcher.Covered"/>).
    /// </summary>
    public void Reading()
    {
        if (watcher is not null && _armed)
        {
            watcher.Covered(_seen);
        }
    }

    /// <summary>The check the pipeline makes before storing each role, or null when this pass must not hold back.</summary>
    public Func<bool>? ForThisPass()
    {
        if (watcher is null || !_armed || _heldLastPass)
        {
            _heldLastPass = false;
            return null;
        }

        _armed = false;
        var seen = _seen;
        return () =>
        {
            var now = watcher.Generation;
            var writing = watcher.Writing;
            if (logger is not null)
            {
                LeaderLog.InputsChecked(logger, seen, now, writing);
            }

            if (now == seen && !writing)
            {
                return true;
            }

            _heldLastPass = true;
            return false;
        };
    }
}
