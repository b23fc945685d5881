using Microsoft.Extensions.Hosting;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Audit;

/// <summary>
/// Records <c>settings.edit</c> (source <c>file</c>) when the leader puts in force an edited config-leader.json: which
/// platform values were added, changed or removed (names only, never a value).
/// </summary>
public sealed class SettingsEditRecorder(SettingsProvider settings, IAuditTrail audit) : IHostedService
{
    public static readonly Actor File = new("settings-file", OperatorRole.Admin, "file");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        settings.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        settings.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    public static string Describe(LeaderSettings previous, LeaderSettings current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var added = current.Platform.Keys.Except(previous.Platform.Keys).Order(StringComparer.Ordinal).ToArray();
        var removed = previous.Platform.Keys.Except(current.Platform.Keys).Order(StringComparer.Ordinal).ToArray();
        var changed = current.Platform.Keys.Intersect(previous.Platform.Keys)
            .Where(k => !string.Equals(previous.Platform[k].Value.GetRawText(), current.Platform[k].Value.GetRawText(), StringComparison.Ordinal))
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

        return parts.Count == 0 ? $"{current.ConfigPath} changed (no platform value)" : $"{current.ConfigPath}: {string.Join("; ", parts)}";
    }

    private void OnChanged(LeaderSettings previous, LeaderSettings current) =>
        _ = audit.RecordAsync(new AuditEntry("settings.edit", File, Detail: Describe(previous, current)));
}
