using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PryvBus.Leader.Validation;

/// <summary>
/// What a platform value must be: a <see cref="Type"/>, one of an <see cref="Enum"/>, a <see cref="Pattern"/> (a .NET
/// regular expression, unanchored as in JSON Schema: write <c>^…$</c> for a whole match), bounds (<see cref="Min"/>,
/// <see cref="Max"/>: the number itself, a string's length in characters, an array's number of items), a
/// <see cref="Format"/>, and whether it is <see cref="Required"/> (not null, not blank, not an empty array or object).
/// </summary>
public sealed record ValueSchema
{
    /// <summary>How long a pattern may take on one value: a hostile pattern (<c>(a+)+$</c>) must not hang the leader.</summary>
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    public static readonly IReadOnlyList<string> Types = ["string", "integer", "number", "boolean", "array", "object"];

    public string? Type { get; init; }

    public IReadOnlyList<JsonElement>? Enum { get; init; }

    public Regex? Pattern { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    public string? Format { get; init; }

    public bool Required { get; init; }

    /// <summary>The constraints as an operator wrote them, for <c>describe</c>: <c>type string, format hostname, required</c>.</summary>
    public string Summary => string.Join(", ", new[]
    {
        Type is null ? null : "type " + Type,
        Format is null ? null : "format " + Format,
        Enum is null ? null : "one of " + string.Join(", ", Enum.Select(e => e.GetRawText())),
        Pattern is null ? null : "pattern " + Pattern,
        Min is null ? null : Invariant($"min {Min}"),
        Max is null ? null : Invariant($"max {Max}"),
        Required ? "required" : null,
    }.OfType<string>());

    /// <summary>Every way <paramref name="value"/> breaks this schema (none when it conforms); a wrong type alone hides the rest.</summary>
    /// <param name="value">The platform value.</param>
    /// <param name="sensitive">A sensitive value is never quoted in a problem: problems reach the log and the terminal.</param>
    public IReadOnlyList<string> Problems(JsonElement value, bool sensitive = false)
    {
        string Shown(JsonElement element) => sensitive ? "the value (sensitive: not shown)" : ValueSchema.Shown(element);

        if (Type is not null && !HasType(value, Type))
        {
            return [$"must be {Article(Type)}, not {Describe(value)}"];
        }

        var problems = new List<string>();
        if (Required && IsEmpty(value))
        {
            problems.Add($"is required: must not be {Describe(value)}");
        }

        if (Enum is { } allowed && !allowed.Any(a => JsonElement.DeepEquals(a, value)))
        {
            problems.Add($"must be one of {string.Join(", ", allowed.Select(a => a.GetRawText()))}, not {Shown(value)}");
        }

        problems.AddRange(PatternProblems(value, Shown));
        problems.AddRange(BoundProblems(value));
        if (Format is not null && ValueFormats.Problem(Format, value) is { } formatProblem)
        {
            problems.Add($"{formatProblem}, not {Shown(value)}");
        }

        return problems;
    }

    private IEnumerable<string> PatternProblems(JsonElement value, Func<JsonElement, string> shown)
    {
        if (Pattern is null)
        {
            yield break;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            yield return $"must be a string to match the pattern, not {Describe(value)}";
            yield break;
        }

        bool matches;
        try
        {
            matches = Pattern.IsMatch(value.GetString()!);
        }
        catch (RegexMatchTimeoutException)
        {
            matches = false;
        }

        if (!matches)
        {
            yield return $"must match the pattern {Pattern} (tried for at most {PatternTimeout.TotalMilliseconds:0} ms), not {shown(value)}";
        }
    }

    private IEnumerable<string> BoundProblems(JsonElement value)
    {
        if (Min is null && Max is null)
        {
            yield break;
        }

        var (measure, what) = value.ValueKind switch
        {
            JsonValueKind.Number => (Number(value), "be"),
            JsonValueKind.String => (value.GetString()!.EnumerateRunes().Count(), "have a length (in characters)"),
            JsonValueKind.Array => (value.GetArrayLength(), "have a number of items"),
            _ => (double.NaN, string.Empty),
        };
        if (double.IsNaN(measure))
        {
            yield return $"must be a number, a string or an array to have a min or max, not {Describe(value)}";
        }
        else if (Min is { } min && measure < min)
        {
            yield return Invariant($"must {what} at least {min}, not {measure}");
        }
        else if (Max is { } max && measure > max)
        {
            yield return Invariant($"must {what} at most {max}, not {measure}");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A number beyond a double's range (1e400) is an infinity of its sign: above every max, below every min.</summary>
    private static double Number(JsonElement value) =>
        value.TryGetDouble(out var number) && double.IsFinite(number) ? number
        : value.GetRawText().StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && (value.TryGetInt64(out _) || (value.TryGetDecimal(out var d) && d == decimal.Truncate(d))),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "array" => value.ValueKind == JsonValueKind.Array,
        "object" => value.ValueKind == JsonValueKind.Object,
        _ => false,
    };

    private static bool IsEmpty(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => true,
        JsonValueKind.String => string.IsNullOrWhiteSpace(value.GetString()),
        JsonValueKind.Array => value.GetArrayLength() == 0,
        JsonValueKind.Object => !value.EnumerateObject().Any(),
        _ => false,
    };

    private static string Article(string type) => type is "integer" or "array" or "object" ? "an " + type : "a " + type;

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!.Length == 0 ? "an empty string" : "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => value.GetArrayLength() == 0 ? "an empty array" : "an array",
        JsonValueKind.Object => value.EnumerateObject().Any() ? "an object" : "an empty object",
        _ => "null",
    };

    /// <summary>The value as written in the file, short and on one line (settings errors echo platform values, never secrets).</summary>
    private static string Shown(JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? "'" + value.GetString() + "'" : value.GetRawText();
        text = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return text.Length > 80 ? text[..80] + "…" : text;
    }
}
