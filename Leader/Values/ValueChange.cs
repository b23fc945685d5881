using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Values;

/// <summary>A value's change as one line for the audit trail and the answer: <c>PORT: 3000 → 3001</c>; a sensitive value is never shown.</summary>
public static class ValueChange
{
    private const int MaxShown = 200;

    /// <param name="before">The value before; null when its entry had none yet.</param>
    /// <param name="after">The value now.</param>
    public static string Describe(PlatformValue? before, PlatformValue after)
    {
        ArgumentNullException.ThrowIfNull(after);
        return (before?.Sensitive ?? false) || after.Sensitive
            ? $"{after.Name}: (sensitive: not shown) changed"
            : $"{after.Name}: {(before is null ? "(no value)" : Shown(before))} → {Shown(after)}";
    }

    private static string Shown(PlatformValue value)
    {
        var text = value.Value.GetRawText();
        text = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return text.Length > MaxShown ? text[..MaxShown] + "…" : text;
    }
}
