using System.Text.Json;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Secrets;

/// <summary>
/// The platform values marked <c>sensitive</c>, as (name, text) pairs for a <see cref="SecretMasker"/>: the value as
/// written (JSON for non-strings) and every string inside an array or object value.
/// </summary>
public static class SensitiveValues
{
    public static IEnumerable<(string Name, string Value)> Of(IReadOnlyDictionary<string, PlatformValue> platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return platform.Values.Where(v => v.Sensitive)
            .SelectMany(v => Strings(v.Value).Append(v.Display).Select(text => (v.Name, text)));
    }

    /// <summary>A masker for the sensitive values alone plus <paramref name="more"/> (secret values known).</summary>
    public static SecretMasker Masker(IReadOnlyDictionary<string, PlatformValue> platform, IEnumerable<(string Name, string Value)>? more = null) =>
        new(Of(platform).Concat(more ?? []));

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        _ => [],
    };
}
