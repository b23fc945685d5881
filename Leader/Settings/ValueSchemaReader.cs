using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using PryvBus.Leader.Validation;
using PryvBus.Shared.Settings;

namespace PryvBus.Leader.Settings;

/// <summary>
/// Reads the constraints of a documented platform value (<c>type</c>, <c>enum</c>, <c>pattern</c>, <c>min</c>,
/// <c>max</c>, <c>format</c>, <c>required</c>) and checks its value against them. A constraint that cannot be one is
/// reported at its own key (<c>platform.DOMAIN.format</c>); a value that breaks one at <c>platform.DOMAIN.value</c>.
/// </summary>
internal static class ValueSchemaReader
{
    private const int MaxPatternLength = 1000;
    private const int MaxRemembered = 256;

    /// <summary>The schema (null when the entry declares no constraint); reports every problem of the schema and of the value (when there is one).</summary>
    /// <param name="documented">The value's entry.</param>
    /// <param name="value">The value, when there is one.</param>
    /// <param name="sensitive">A sensitive value is checked like any other, never quoted in an error.</param>
    public static ValueSchema? Read(SettingsSection documented, JsonElement? value, bool sensitive)
    {
        var schema = new ValueSchema
        {
            Type = OneOf(documented, "type", ValueSchema.Types),
            Enum = Enum(documented),
            Pattern = Pattern(documented),
            Min = Bound(documented, "min"),
            Max = Bound(documented, "max"),
            Format = OneOf(documented, "format", ValueFormats.Names),
            Required = documented.Flag("required") ?? false,
        };
        if (schema.Min is { } min && schema.Max is { } max && min > max)
        {
            documented.Error("min", "must not be above max");
            schema = schema with { Min = null, Max = null };
        }

        if (schema == new ValueSchema())
        {
            return null;
        }

        foreach (var problem in value is { } present ? schema.Problems(present, sensitive) : [])
        {
            documented.Error("value", problem);
        }

        return schema;
    }

    private static double? Bound(SettingsSection section, string name)
    {
        if (section.Value(name) is not { } bound)
        {
            return null;
        }

        if (bound.ValueKind == JsonValueKind.Number && bound.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return number;
        }

        section.Error(name, $"must be a number (a bound of the value, or of its length for a string or an array), not {SettingsKeys.Describe(bound)}");
        return null;
    }

    private static string? OneOf(SettingsSection section, string name, IReadOnlyList<string> allowed)
    {
        var text = section.Text(name);
        if (text is null || allowed.Contains(text))
        {
            return text;
        }

        section.Error(name, $"must be one of {string.Join(", ", allowed)}, not '{SettingsKeys.Printable(text)}'");
        return null;
    }

    private static IReadOnlyList<JsonElement>? Enum(SettingsSection section)
    {
        if (section.Value("enum") is not { } list)
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            section.Error("enum", $"must be a non-empty array of the allowed values, not {SettingsKeys.Describe(list)}");
            return null;
        }

        return [.. list.EnumerateArray().Select(v => v.Clone())];
    }

    /// <summary>
    /// The patterns of the last loads, parsed: a reload (every SIGHUP, every edit the watch sees) does not parse and
    /// analyse them again. A <see cref="Regex"/> matches from any thread; at most <see cref="MaxRemembered"/> are kept.
    /// </summary>
    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    private static Regex Remember(string pattern, Regex regex)
    {
        if (Compiled.Count >= MaxRemembered)
        {
            Compiled.Clear();
        }

        return Compiled.GetOrAdd(pattern, regex);
    }

    private static Regex? Pattern(SettingsSection section)
    {
        if (section.Text("pattern") is not { } pattern)
        {
            return null;
        }

        if (pattern.Length > MaxPatternLength)
        {
            section.Error("pattern", $"must be at most {MaxPatternLength} characters");
            return null;
        }

        try
        {
            return Compiled.TryGetValue(pattern, out var known) ? known : Remember(pattern, new Regex(pattern, RegexOptions.CultureInvariant, ValueSchema.PatternTimeout));
        }
        catch (ArgumentException ex)
        {
            section.Error("pattern", "is not a .NET regular expression: " + SettingsKeys.Printable(ex.Message));
            return null;
        }
    }
}
