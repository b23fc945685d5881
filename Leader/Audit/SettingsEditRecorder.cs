using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Audit;

/// <summary>
/// Records <c>settings.edit</c> (source <c>file</c>) when the leader puts in force an edited config-leader.json: which
/// platform values were added, changed or removed (names only, never a value). The edit is noted (the values before
/// and after, and the time) when it is loaded, then described and recorded once the pass that puts it in force has
/// ended or failed (<see cref="RenderHistory.Ended"/>), so that neither the comparison of every value nor the record's
/// Redis round trips and the witness's fsyncs delay the versions on their way to the followers; stopping the leader
/// records what still waits.
/// </summary>
public sealed class SettingsEditRecorder(SettingsProvider settings, IAuditTrail audit, RenderHistory history) : IHostedService, IDisposable
{
    public static readonly Actor File = new("settings-file", OperatorRole.Admin, "file");

    private readonly ConcurrentQueue<Edit> _waiting = new();
    private readonly SemaphoreSlim _recording = new(1, 1);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        settings.Changed += OnChanged;
        history.Ended += OnPassEnded;
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        settings.Changed -= OnChanged;
        history.Ended -= OnPassEnded;
        await RecordWaitingAsync();
    }

    public void Dispose() => _recording.Dispose();

    public static string Describe(LeaderSettings previous, LeaderSettings current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        return Describe(current.ConfigPath, previous.Platform, current.Platform);
    }

    private static string Describe(string configPath, IReadOnlyDictionary<string, PlatformValue> previous, IReadOnlyDictionary<string, PlatformValue> current)
    {
        var added = current.Keys.Except(previous.Keys).Order(StringComparer.Ordinal).ToArray();
        var removed = previous.Keys.Except(current.Keys).Order(StringComparer.Ordinal).ToArray();
        var changed = current.Keys.Intersect(previous.Keys)
            .Where(k => !Same(previous[k], current[k]))
            .Order(StringComparer.Ordinal).ToArray();
        var parts = new List<string>();
        if (changed.Length > 0)
        {
            parts.Add("values changed: " + string.Join(", ", changed));
        }

        if (added.Length > 0)
        {
            parts.Add("added: " + string.Join(", ", added));
        }

        if (removed.Length > 0)
        {
            parts.Add("removed: " + string.Join(", ", removed));
        }

        return parts.Count == 0 ? $"{configPath} changed (no platform value)" : $"{configPath}: {string.Join("; ", parts)}";
    }

    /// <summary>The same value: the very entry a reload found written as before (<see cref="EntryMemo{T}"/>), or the same JSON text.</summary>
    private static bool Same(PlatformValue before, PlatformValue after) =>
        ReferenceEquals(before, after) || string.Equals(before.Value.GetRawText(), after.Value.GetRawText(), StringComparison.Ordinal);

    /// <summary>Keeps the two settings' values (not the settings: nothing else of them waits) and the time.</summary>
    private void OnChanged(LeaderSettings previous, LeaderSettings current) =>
        _waiting.Enqueue(new Edit(current.ConfigPath, previous.Platform, current.Platform, DateTimeOffset.UtcNow));

    private void OnPassEnded()
    {
        if (!_waiting.IsEmpty)
        {
            // Off the pass's thread: the next pass does not wait for the record either.
            _ = Task.Run(RecordWaitingAsync);
        }
    }

    /// <summary>Records every waiting entry, one writer at a time so that they keep their order. Never throws (<see cref="IAuditTrail"/>).</summary>
    private async Task RecordWaitingAsync()
    {
        try
        {
            await _recording.WaitAsync();
            try
            {
                while (_waiting.TryDequeue(out var edit))
                {
                    await audit.RecordAsync(new AuditEntry("settings.edit", File, Detail: Describe(edit.ConfigPath, edit.Previous, edit.Current)) { At = edit.At });
                }
            }
            finally
            {
                _recording.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            // A runner a late pass started, still there after the stop (which recorded what waited) and the disposal.
        }
    }

    /// <summary>An edit put in force, to be described and recorded after its pass.</summary>
    private sealed record Edit(
        string ConfigPath, IReadOnlyDictionary<string, PlatformValue> Previous, IReadOnlyDictionary<string, PlatformValue> Current, DateTimeOffset At);
}
