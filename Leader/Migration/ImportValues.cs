using System.Globalization;
using System.Text.Json;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Migration;

/// <summary>
/// The strings of the platform section the importer replaces: top-level strings (<c>DOMAIN</c>), members of objects
/// (<c>REG_MASTER.ip</c>) and items of arrays (<c>CORES[1].host</c>). Strings shorter than <see cref="MinLength"/>
/// characters are left alone ("en" would match far too much); numbers and booleans too, unless
/// <paramref name="scalarsWanted"/> asks for them (<c>--replace NAME</c>), then only in value positions.
/// </summary>
public static class ImportValues
{
    public const int MinLength = 3;

    public static IReadOnlyList<ImportValue> From(LeaderSettings settings, out IReadOnlyList<string> leftAlone) =>
        From(settings, _ => false, out leftAlone);

    public static IReadOnlyList<ImportValue> From(LeaderSettings settings, Func<string, bool> scalarsWanted, out IReadOnlyList<string> leftAlone)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(scalarsWanted);
        var values = new List<ImportValue>();
        var skipped = new List<string>();
        foreach (var (name, value) in settings.Platform.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Collect(name, value.Value, values, skipped, scalarsWanted);
        }

        leftAlone = skipped;
        return values;
    }

    private static void Collect(string expression, JsonElement element, List<ImportValue> values, List<string> skipped, Func<string, bool> scalarsWanted)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var text = element.GetString()!;
                if (text.Length < MinLength)
                {
                    skipped.Add($"{expression} (shorter than {MinLength} characters)");
                }
                else
                {
                    values.Add(new ImportValue(expression, text));
                }

                break;
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    var path = Settings.SettingsLoader.IsIdentifier(member.Name)
                        ? $"{expression}.{member.Name}"
                        : $"{expression}[{JsonSerializer.Serialize(member.Name, MigrationJsonContext.Default.String)}]";
                    Collect(path, member.Value, values, skipped, scalarsWanted);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Collect(string.Create(CultureInfo.InvariantCulture, $"{expression}[{index++}]"), item, values, skipped, scalarsWanted);
                }

                break;
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False when scalarsWanted(expression):
                values.Add(new ImportValue(expression, element.GetRawText()) { ValuePositionOnly = true });
                break;
            default:
                skipped.Add($"{expression} (not a string)");
                break;
        }
    }
}
