using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Values;

/// <summary>
/// A value change's durable write of the settings file, run on the thread pool from the moment the edited bytes exist
/// (docs/performance.md, "The settings file written while the pass renders"). The temp file is written and fsynced while
/// the caller parses and checks those bytes; it is renamed into place only once they are approved
/// (<see cref="Approve"/>), and given up otherwise (<see cref="RefuseAsync"/>). The caller's pass renders meanwhile and
/// stores nothing before the write has landed (<see cref="InForceAsWrittenAsync"/>), so no version is ever made of a
/// value the file does not hold. Once it lands the settings are put in force (<see cref="SettingsProvider.TryAdopt"/>).
/// </summary>
internal sealed class SettingsWrite
{
    private readonly TaskCompletionSource<LeaderSettings?> _approval = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SettingsWrite(string path, byte[] content, string etag, SettingsProvider? provider, Action? beforeRename)
    {
        Landed = Task.Run(() => WriteAsync(path, content, etag, provider, beforeRename));
    }

    /// <summary>
    /// The settings in force once the file is written: the approved ones, or, when an edit by hand was loaded meanwhile,
    /// the file's as it is now. Null when nothing was written (refused, or the file changed since it was read). Faults
    /// with the write's own failure (nothing renamed: the old file is intact).
    /// </summary>
    public Task<LeaderSettings?> Landed { get; }

    /// <summary>Starts writing <paramref name="content"/> (announced to <paramref name="provider"/> first: its reload of it is no edit by hand).</summary>
    /// <param name="path">The settings file.</param>
    /// <param name="content">Its whole new content.</param>
    /// <param name="etag">The ETag of the bytes the edit was made on (the rename is refused when the file moved on).</param>
    /// <param name="provider">The service's settings (null for the command).</param>
    /// <param name="beforeRename">Test seam: called once the temp file is complete and the content approved.</param>
    public static SettingsWrite Start(string path, byte[] content, string etag, SettingsProvider? provider, Action? beforeRename)
    {
        provider?.Expect(content);
        return new SettingsWrite(path, content, etag, provider, beforeRename);
    }

    /// <summary>The content is the one <paramref name="written"/> was parsed from, and checked: it may be renamed into place.</summary>
    public void Approve(LeaderSettings written)
    {
        ArgumentNullException.ThrowIfNull(written);
        _approval.TrySetResult(written);
    }

    /// <summary>Nothing is renamed; waits for the temp file to be gone. The write's own failure, if any, is not the caller's answer.</summary>
    public async Task RefuseAsync()
    {
        _approval.TrySetResult(null);
        await ((Task)Landed).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>
    /// The pass's check before each store: true once the file holds the approved settings and they are in force; false
    /// when the write failed, was refused, or an edit by hand took over (the caller then renders what is in force). Never throws.
    /// </summary>
    public async ValueTask<bool> InForceAsWrittenAsync()
    {
        try
        {
            var inForce = await Landed;
            return inForce is not null && ReferenceEquals(inForce, _approval.Task.Result);
        }
        catch (Exception)
        {
            return false; // the caller answers the write's failure
        }
    }

    private async Task<LeaderSettings?> WriteAsync(string path, byte[] content, string etag, SettingsProvider? provider, Action? beforeRename)
    {
        var replaced = false;
        LeaderSettings? written = null;
        try
        {
            var (temp, target) = SettingsFile.WriteTemp(path, content);
            try
            {
                written = await _approval.Task;
                if (written is not null)
                {
                    beforeRename?.Invoke();
                    replaced = SettingsFile.Commit(temp, target, etag);
                }
            }
            finally
            {
                File.Delete(temp);
            }
        }
        finally
        {
            if (!replaced)
            {
                // Nothing written: a later edit that happens to hold these bytes is an edit by hand like any other.
                provider?.ExpectNothing();
            }
        }

        return replaced ? InForce(written!, content, provider) : null;
    }

    /// <summary>
    /// In force without reading the file again (parsed from the very bytes written, under the lock a CLI `set` takes
    /// too), unless a reload put an edit by hand in force meanwhile: then what is on disk now.
    /// </summary>
    private static LeaderSettings InForce(LeaderSettings written, byte[] content, SettingsProvider? provider)
    {
        if (provider is null || provider.TryAdopt(written, content))
        {
            return written;
        }

        // The file as it is now; when it has problems, the settings in force (the edit by hand's). This write is loaded
        // or gone by now: the same bytes saved again later are an edit by hand.
        provider.TryReload();
        provider.ExpectNothing();
        return provider.Current;
    }
}
