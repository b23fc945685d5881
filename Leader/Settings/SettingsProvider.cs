using Microsoft.Extensions.Logging;
using PryvBus.Leader.Logging;
using PryvBus.Shared.Settings;

namespace PryvBus.Leader.Settings;

/// <summary>
/// Holds the current settings snapshot. The first load fails fast (the caller lets the exception end the
/// process); a later bad edit is logged with every problem and the last good snapshot stays in force.
/// </summary>
public sealed class SettingsProvider
{
    private readonly ILogger<SettingsProvider> _logger;
    private readonly SettingsEnvironment _environment;
    private volatile LeaderSettings _current;
    private readonly Lock _gate = new();
    private byte[] _digest;
    private byte[]? _written;
    private byte[]? _digestAtExpect;
    private long _revision;
    private string? _openModeWarned;

    /// <param name="environment">The variables that override the file (the process's by default).</param>
    /// <exception cref="SettingsException">The first load failed.</exception>
    public SettingsProvider(string configPath, ILogger<SettingsProvider> logger, SettingsEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _environment = environment ?? SettingsEnvironment.Process;
        _current = SettingsLoader.Load(configPath, _environment, out var content);
        _digest = System.Security.Cryptography.SHA256.HashData(content);
        ConfigPath = _current.ConfigPath;
        LogLoaded(_current);
        if (RedisTransport.ClearTextEndpoints(_current.Redis.Configuration) is { Count: > 0 } clear)
        {
            LeaderLog.RedisInClearText(_logger, string.Join(", ", clear));
        }

        WarnFileMode(_current);
    }

    public string ConfigPath { get; }

    public LeaderSettings Current => _current;

    /// <summary>
    /// How many times settings of another content were put in force (a reload of a changed file, this process's own
    /// write adopted); a reload of the same content leaves it as it was.
    /// </summary>
    public long Revision => Interlocked.Read(ref _revision);

    /// <summary>
    /// Raised (previous, new) when a reload put in force a file whose content differs from the last one loaded: an edit
    /// on disk (recorded in the audit trail).
    /// </summary>
    public event Action<LeaderSettings, LeaderSettings>? Changed;

    /// <summary>The variables that override the file, as every load of this provider reads them.</summary>
    public SettingsEnvironment Environment => _environment;

    /// <summary>
    /// The content this process is about to write to the file itself, having recorded why (a value changed through the
    /// API or the console): the reload that finds it (this caller's, or the file watch's) does not raise
    /// <see cref="Changed"/>, so the change is not recorded a second time as an edit of the file.
    /// </summary>
    public void Expect(ReadOnlySpan<byte> content)
    {
        var digest = System.Security.Cryptography.SHA256.HashData(content);
        lock (_gate)
        {
            _written = digest;
            _digestAtExpect = _digest;
        }
    }

    /// <summary>The write announced by <see cref="Expect"/> did not happen (refused, or failed).</summary>
    public void ExpectNothing()
    {
        lock (_gate)
        {
            _written = null;
        }
    }

    /// <summary>
    /// Puts in force the settings this process has just written to the file itself (<see cref="Expect"/> first, a value
    /// changed through the API or the console under the values' lock), parsed from the very bytes written: what a reload
    /// would find, without reading and parsing the file again on the way to the render. Raises no <see cref="Changed"/>
    /// (the writer recorded why).
    /// </summary>
    /// <returns>
    /// False, with nothing changed, when a reload put other content in force since <see cref="Expect"/> (the file was
    /// edited meanwhile): the caller reloads the file instead.
    /// </returns>
    public bool TryAdopt(LeaderSettings written, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(written);
        var digest = System.Security.Cryptography.SHA256.HashData(content);
        lock (_gate)
        {
            if (!ReferenceEquals(_digest, _digestAtExpect) && !_digest.AsSpan().SequenceEqual(digest))
            {
                return false;
            }

            _current = written;
            if (!digest.AsSpan().SequenceEqual(_digest))
            {
                _digest = digest;
                Interlocked.Increment(ref _revision);
            }
            if (_written is { } expected && expected.AsSpan().SequenceEqual(digest))
            {
                _written = null;
            }
        }

        LogLoaded(written);
        return true;
    }

    /// <summary>
    /// The settings in force when they were loaded from exactly <paramref name="content"/> with
    /// <paramref name="environment"/>; null otherwise (another file, one with problems, another environment). A caller
    /// about to parse those bytes again (the values API, before its edit) takes these instead.
    /// </summary>
    public LeaderSettings? LoadedFrom(ReadOnlySpan<byte> content, SettingsEnvironment environment)
    {
        if (!ReferenceEquals(environment, _environment))
        {
            return null;
        }

        var digest = System.Security.Cryptography.SHA256.HashData(content);
        lock (_gate)
        {
            return _digest.AsSpan().SequenceEqual(digest) ? _current : null;
        }
    }

    /// <returns>True when the new settings are in force; false when the last good ones were kept.</returns>
    public bool Reload() => TryReload() is null;

    /// <returns>Null when the new settings are in force; every problem (logged) when the last good ones were kept.</returns>
    public SettingsException? TryReload()
    {
        try
        {
            lock (_gate)
            {
                var previous = _current;
                _current = SettingsLoader.Load(ConfigPath, _environment, out var content);
                var digest = System.Security.Cryptography.SHA256.HashData(content);
                LogLoaded(_current);
                WarnFileMode(_current);
                if (!digest.AsSpan().SequenceEqual(_digest))
                {
                    _digest = digest;
                    Interlocked.Increment(ref _revision);
                    if (_written is { } expected && digest.AsSpan().SequenceEqual(expected))
                    {
                        // This process's own write, recorded by its writer.
                        _written = null;
                    }
                    else
                    {
                        // An edit by hand, even one loaded while this process's write is on its way (still expected).
                        Changed?.Invoke(previous, _current);
                    }
                }
            }

            return null;
        }
        catch (SettingsException ex)
        {
            LeaderLog.SettingsReloadFailed(_logger, ex.Message);
            return ex;
        }
    }

    /// <summary>
    /// A settings file too open for the credentials it holds: said once, at the first load, and again only when a reload
    /// finds it with another mode (not at every reload of the file watch). Only loads from disk look at the mode.
    /// </summary>
    private void WarnFileMode(LeaderSettings settings)
    {
        if (settings.OpenFileMode is { } mode && mode != _openModeWarned)
        {
            LeaderLog.SettingsFileOpen(_logger, settings.ConfigPath, string.Join(", ", settings.CredentialsInFile), mode);
        }

        _openModeWarned = settings.OpenFileMode;
    }

    private void LogLoaded(LeaderSettings settings)
    {
        LeaderLog.SettingsLoaded(_logger, settings.ConfigPath, settings.Roles().Count, settings.Followers.Count, settings.Platform.Count);
        if (settings.SampleCredentials.Count > 0)
        {
            LeaderLog.SampleCredentialsAccepted(_logger, string.Join(", ", settings.SampleCredentials));
        }
    }
}
