using System.Text.Json;

namespace PryvBus.Follower.Settings;

/// <summary>
/// One JSON object of the settings file, read key by key. Every problem is added to a shared list as
/// "file: key: problem" so that the operator sees all of them at once, not one per restart.
/// </summary>
internal sealed class JsonSection
{
    private readonly JsonElement _element;
    private readonly string _file;
    private readonly string _path;
    private readonly List<string> _errors;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public JsonSection(JsonElement element, string file, string path, List<string> errors)
    {
        _element = element;
        _file = file;
        _path = path;
        _errors = errors;
    }

    public string? String(string name, bool required = false)
    {
        var value = Get(name, required);
        if (value is null)
        {
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.String)
        {
            Error(name, "must be a string");
            return null;
        }

        var text = value.Value.GetString();
        if (required && string.IsNullOrWhiteSpace(text))
        {
            Error(name, "must not be empty");
            return null;
        }

        return text;
    }

    public double? Number(string name)
    {
        var value = Get(name, required: false);
        if (value is null)
        {
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.Number || !value.Value.TryGetDouble(out var number))
        {
            Error(name, "must be a number");
            return null;
        }

        return number;
    }

    public bool? Bool(string name)
    {
        var value = Get(name, required: false);
        return value?.ValueKind switch
        {
            null => null,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => NotABool(name),
        };
    }

    /// <summary>An object of name → array of strings (component → container names).</summary>
    public Dictionary<string, IReadOnlyList<string>>? StringListMap(string name)
    {
        var value = Get(name, required: false);
        if (value is null)
        {
            return null;
        }

        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (value.Value.ValueKind != JsonValueKind.Object)
        {
            Error(name, "must be an object of name: [\"container\", …]");
            return null;
        }

        foreach (var entry in value.Value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Array
                || entry.Value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString())))
            {
                Error(name + "." + entry.Name, "must be an array of container names");
                continue;
            }

            result[entry.Name] = entry.Value.EnumerateArray().Select(v => v.GetString()!).ToArray();
        }

        return result;
    }

    /// <summary>A string or an integer (an owner may be "pryv" or 1000).</summary>
    public string? StringOrInteger(string name)
    {
        var value = Get(name, required: false);
        return value?.ValueKind switch
        {
            null => null,
            JsonValueKind.String => value.Value.GetString(),
            JsonValueKind.Number when value.Value.TryGetInt32(out var number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => Fail(name, "must be a name or a numeric id"),
        };
    }

    public JsonSection? Section(string name, bool required = false)
    {
        var value = Get(name, required);
        if (value is null)
        {
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.Object)
        {
            Error(name, "must be an object");
            return null;
        }

        return new JsonSection(value.Value, _file, Key(name), _errors);
    }

    public void Error(string name, string message) => _errors.Add($"{_file}: {Key(name)}: {message}");

    /// <summary>A misspelt key would otherwise be silently ignored and its default used.</summary>
    public void ReportUnknownKeys()
    {
        foreach (var property in _element.EnumerateObject())
        {
            if (!_read.Contains(property.Name))
            {
                Error(property.Name, "unknown key");
            }
        }
    }

    private JsonElement? Get(string name, bool required)
    {
        _read.Add(name);
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Error(name, "is required");
            }

            return null;
        }

        return value;
    }

    private bool? NotABool(string name)
    {
        Error(name, "must be true or false");
        return null;
    }

    private string? Fail(string name, string message)
    {
        Error(name, message);
        return null;
    }

    private string Key(string name) => _path.Length == 0 ? name : _path + "." + name;
}
