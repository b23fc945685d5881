using System.Globalization;
using System.Text.Json;

namespace PryvBus.Shared.Settings;

/// <summary>
/// One JSON object of a settings file. Reading a key declares it: a program's keys are declared once, where they
/// are read (<c>section.WholeNumber("historyLength", 1, 10_000) ?? 20</c>), and any key never read is reported as unknown
/// when the document completes. A map whose keys are names (platform values, secrets) is read with <see cref="Entries"/>.
/// </summary>
public sealed class SettingsSection
{
    private readonly SettingsDocument _document;
    private readonly JsonElement _element;
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nulls = new(StringComparer.Ordinal);
    private bool _isMap;

    internal SettingsSection(SettingsDocument document, JsonElement element, string path)
    {
        _document = document;
        _element = element;
        Path = path;
    }

    /// <summary>This object's key path (<c>redis</c>, <c>followers[0]</c>); empty for the root.</summary>
    public string Path { get; }

    public SettingsDocument Document => _document;

    public string Key(string name) => SettingsKeys.Child(Path, name);

    public void Error(string name, string message) => _document.Errors.Add(Key(name), message);

    /// <summary>A problem of this object as a whole.</summary>
    public void Error(string message) => _document.Errors.Add(Path.Length == 0 ? SettingsKeys.Root : Path, message);

    /// <summary>
    /// The raw value of a key of any kind; null when absent. An explicit JSON <c>null</c> is an error (it used to mean
    /// "absent", so <c>"redis": null</c> quietly fell back to the defaults): leave the key out instead.
    /// </summary>
    public JsonElement? Value(string name) => Value(name, required: false);

    private JsonElement? Value(string name, bool required)
    {
        _declared.Add(name);
        if (!_element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            _nulls.Add(name);
            Error(name, required ? "is null: it is required" : "is null: leave the key out to use the default");
            return null;
        }

        return value;
    }

    public string? Text(string name, bool required = false, string? hint = null)
    {
        switch (Value(name, required))
        {
            case null:
                if (required && !_nulls.Contains(name))
                {
                    Error(name, hint is null ? "is required" : "is required: " + hint);
                }

                return null;
            case { ValueKind: JsonValueKind.String } text when !required || !string.IsNullOrWhiteSpace(text.GetString()):
                return text.GetString();
            case { ValueKind: JsonValueKind.String }:
                Error(name, "must not be empty");
                return null;
            case var other:
                Error(name, $"must be a string{(hint is null ? string.Empty : " (" + hint + ")")}, not {SettingsKeys.Describe(other.Value)}");
                return null;
        }
    }

    /// <summary>A secret string: at least <paramref name="minLength"/> characters, not a shipped sample. Never echoed in an error.</summary>
    public string? Credential(string name, int minLength, bool required = false, string? hint = null)
    {
        var value = Text(name, required, hint);
        if (value is { Length: > 0 })
        {
            _document.HeldInFile(Key(name));
        }

        return _document.CheckCredential(value, Key(name), minLength, message => Error(name, message));
    }

    public int? WholeNumber(string name, int min, int max)
    {
        var value = Value(name);
        if (value is null)
        {
            return null;
        }

        var range = string.Create(CultureInfo.InvariantCulture, $"between {min} and {max}");
        if (value.Value.ValueKind != JsonValueKind.Number || !value.Value.TryGetInt64(out var number))
        {
            Error(name, $"must be a whole number {range}, not {SettingsKeys.Describe(value.Value)}");
            return null;
        }

        if (number < min || number > max)
        {
            Error(name, string.Create(CultureInfo.InvariantCulture, $"must be {range}, not {number}"));
            return null;
        }

        return (int)number;
    }

    public double? Number(string name, double min, double max)
    {
        var value = Value(name);
        if (value is null)
        {
            return null;
        }

        var range = string.Create(CultureInfo.InvariantCulture, $"between {min} and {max}");
        if (value.Value.ValueKind != JsonValueKind.Number || !value.Value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            Error(name, $"must be a number {range}, not {SettingsKeys.Describe(value.Value)}");
            return null;
        }

        if (number < min || number > max)
        {
            Error(name, $"must be {range}, not {SettingsKeys.Describe(value.Value)}");
            return null;
        }

        return number;
    }

    public bool? Flag(string name) => Value(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        var other => Fail<bool>(name, $"must be true or false, not {SettingsKeys.Describe(other.Value)}"),
    };

    /// <summary>A nested object; null when absent, or when not an object (reported, with <paramref name="shape"/>).</summary>
    public SettingsSection? Section(string name, string shape, bool required = false)
    {
        var value = Value(name, required);
        if (value is null)
        {
            if (required && !_nulls.Contains(name))
            {
                Error(name, "is required: " + shape);
            }

            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.Object)
        {
            Error(name, $"must be an object {shape}, not {SettingsKeys.Describe(value.Value)}");
            return null;
        }

        return _document.Open(value.Value, Key(name));
    }

    /// <summary>An array of objects (<c>followers</c>): one section per item; an item that is not an object is reported.</summary>
    public IReadOnlyList<SettingsSection> Items(string name, string shape)
    {
        var value = Value(name);
        if (value is null)
        {
            return [];
        }

        if (value.Value.ValueKind != JsonValueKind.Array)
        {
            Error(name, $"must be an array of {shape}, not {SettingsKeys.Describe(value.Value)}");
            return [];
        }

        var result = new List<SettingsSection>();
        var index = 0;
        foreach (var item in value.Value.EnumerateArray())
        {
            var key = SettingsKeys.Item(Key(name), index++);
            if (item.ValueKind == JsonValueKind.Object)
            {
                result.Add(_document.Open(item, key));
            }
            else
            {
                _document.Errors.Add(key, $"must be an object {shape}, not {SettingsKeys.Describe(item)}");
            }
        }

        return result;
    }

    /// <summary>An array of strings; null when absent or invalid (reported).</summary>
    public IReadOnlyList<string>? Strings(string name, string shape)
    {
        var value = Value(name);
        if (value is null)
        {
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.Array || value.Value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            Error(name, $"must be an array of {shape}, not {SettingsKeys.Describe(value.Value)}");
            return null;
        }

        return value.Value.EnumerateArray().Select(v => v.GetString()!).ToArray();
    }

    /// <summary>Reads this object as a map of names (every key is data, none is unknown).</summary>
    public IReadOnlyList<SettingsEntry> Entries()
    {
        _isMap = true;
        return _element.EnumerateObject().Select(p => new SettingsEntry(p.Name, Key(p.Name), p.Value, this)).ToArray();
    }

    internal SettingsSection OpenEntry(JsonElement element, string key) => _document.Open(element, key);

    /// <summary>Reports every key defined twice, and (unless a map) every key never read.</summary>
    internal void ReportUndeclared() => UndeclaredKeys.Report(_element, _isMap ? null : _declared, Error);

    private T? Fail<T>(string name, string message)
        where T : struct
    {
        Error(name, message);
        return null;
    }
}
