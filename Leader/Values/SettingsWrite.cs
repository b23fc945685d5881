using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Values;

/// <summary>
/// A value change's durable write of the settings file (<see cref="SettingsFile.Replace"/>), run on the thread pool while
/// the caller's pass reads its inputs and renders from the settings parsed from the very bytes being written. The pass
/// stores nothing before the write has landed (<see cref="InForceAsWrittenAsync"/>), so no version is ever made of a value
/// the file does not hold (docs/performance.md, "The settings file written while the pass renders"). Once it lands the
/// settings are put in force (<see cref="SettingsProvider.TryAdopt"/>) and the values' lock is let go.
/// </summary>
internal sealed class SettingsWrite
{
    private readonly LeaderSettings _written;

    private SettingsWrite(LeaderSettings written, Func<LeaderSettings?> land)
    {
        _written = written;
        Landed = Task.Run(land);
    }

    /// <summary>
    /// The settings in force once the file is written: the written ones, or, when an edit by hand was loaded meanwhile,
    /// the file's as it is now. Null when nothing was written (the file changed since it was read). Faults with the
    /// write's own failure (nothing written: the old file is intact).
    /// </summary>
    public Task<LeaderSettings?> Landed { get; }

    /// <summary>Starts the write; <paramref name="fileLock"/> (the values' lock) is released once it has landed or failed.</summary>
    /// <param name="path">The settings file.</param>
    /// <param name="content">Its whole new content.</param>
    /// <param name="etag">The ETag of the bytes the edit was made on (the write is refused when the file moved on).</param>
    /// <param name="written">The settings parsed from <paramref name="content"/>.</param>
    /// <param name="provider">The service's settings (null for the command).</param>
    /// <param name="fileLock">The values' lock, held by the caller until now.</param>
    /// <param name="beforeRename">Test seam: called once the temp file is complete.</param>
    public static SettingsWrite Start(
        string path, byte[] content, string etag, LeaderSettings written, SettingsProvider? provider, IDisposable fileLock, Action? beforeRename)
    {
        ArgumentNullException.ThrowIfNull(fileLock);
        return new SettingsWrite(written, () =>
        {
            try
            {
                return Write(path, content, etag, written, provider, beforeRename);
            }
            finally
            {
                fileLock.Dispose();
            }
        });
    }

    /// <summary>
    /// The pass's check before each store: true once the file holds the written settings and they are in force; false when
    /// the write failed, was refused, or an edit by hand took over (the caller then renders what is in force). Never throws.
    /// </summary>
    public async ValueTask<bool> InForceAsWrittenAsync()
    {
        try
        {
            return ReferenceEquals(await Landed, _written);
        }
        catch (Exception)
        {
            return false; // the caller answers the write's failure
        }
    }

    private static LeaderSettings? Write(string path, byte[] content, string etag, LeaderSettings written, SettingsProvider? provider, Action? beforeRename)
    {
        var replaced = false;
        try
        {
            replaced = SettingsFile.Replace(path, content, etag, beforeRename);
        }
        finally
        {
            if (!replaced)
            {
                // Nothing written: a later edit that happens to hold these bytes is an edit by hand like any other.
                provider?.ExpectNothing();
            }
        }

        if (!replaced)
        {
            return null;
        }

        // In force without reading the file again (parsed from the very bytes written, under the lock a CLI `set` takes
        // too), unless a reload put an edit by hand in force meanwhile: then what is on disk now.
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
