using System.Text.Json;

namespace PryvBus.Shared.Settings;

/// <summary>The keys of an object that no reader declared (misspelt, misplaced, obsolete), and the keys written twice.</summary>
internal static class UndeclaredKeys
{
    /// <param name="declared">The keys read from this object; null for a map, whose keys are names, not settings.</param>
    public static void Report(JsonElement element, IReadOnlySet<string>? declared, Action<string, string> error)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var twice = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name) && twice.Add(property.Name))
            {
                error(property.Name, "is defined twice");
            }
            else if (declared is not null && !declared.Contains(property.Name) && !twice.Contains(property.Name))
            {
                error(property.Name, Unknown(property.Name, declared));
            }
        }
    }

    private static string Unknown(string name, IReadOnlySet<string> declared) =>
        (SettingsKeys.Closest(name, declared), declared.Count) switch
        {
            ({ } closest, _) => $"unknown key (did you mean '{closest}'?)",
            (null, 0) => "unknown key",
            _ => $"unknown key (known here: {string.Join(", ", declared.Order(StringComparer.Ordinal))})",
        };
}
