using System.Collections;
using System.Globalization;
using System.Text;
using Scriban.Runtime;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// The <c>json</c> template function: the text JavaScript's <c>JSON.stringify</c> gives for a value, byte for byte
/// (Pryv's config leader writes non-string values that way). Only <c>"</c>, <c>\</c>, control characters and lone
/// surrogates are escaped (non-ASCII, <c>&lt;</c>, <c>&amp;</c> stay as they are); numbers are printed as JavaScript
/// prints them; object keys that are array indexes come first, in numeric order, as in a JavaScript object.
/// </summary>
public static class JsonStringify
{
    public static string Stringify(object? value)
    {
        var builder = new StringBuilder();
        Write(builder, value, depth: 0);
        return builder.ToString();
    }

    private const int MaxDepth = 64;

    private static void Write(StringBuilder builder, object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidOperationException("json: the value is nested too deeply");
        }

        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case string text:
                WriteString(builder, text);
                break;
            case char c:
                WriteString(builder, c.ToString());
                break;
            case bool flag:
                builder.Append(flag ? "true" : "false");
                break;
            case IDictionary<string, object?> obj:
                WriteObject(builder, obj, depth);
                break;
            case IDictionary dictionary:
                WriteObject(builder, dictionary.Keys.Cast<object>().ToDictionary(k => Convert.ToString(k, CultureInfo.InvariantCulture) ?? "", k => dictionary[k]), depth);
                break;
            case IEnumerable items:
                WriteArray(builder, items, depth);
                break;
            default:
                builder.Append(JavaScriptNumber.TryFormat(value, out var number)
                    ? number
                    : throw new InvalidOperationException($"json: a value of type {value.GetType().Name} cannot be written as JSON"));
                break;
        }
    }

    private static void WriteArray(StringBuilder builder, IEnumerable items, int depth)
    {
        builder.Append('[');
        var first = true;
        foreach (var item in items)
        {
            if (!first)
            {
                builder.Append(',');
            }

            first = false;
            Write(builder, item is IScriptCustomFunction ? null : item, depth + 1);
        }

        builder.Append(']');
    }

    private static void WriteObject(StringBuilder builder, IEnumerable<KeyValuePair<string, object?>> members, int depth)
    {
        builder.Append('{');
        var first = true;
        foreach (var (key, member) in JavaScriptKeyOrder(members))
        {
            if (member is IScriptCustomFunction)
            {
                continue; // a function is undefined in JSON: JSON.stringify leaves the member out
            }

            if (!first)
            {
                builder.Append(',');
            }

            first = false;
            WriteString(builder, key);
            builder.Append(':');
            Write(builder, member, depth + 1);
        }

        builder.Append('}');
    }

    /// <summary>A JavaScript object lists its array-index keys first, in ascending order, then the others as inserted.</summary>
    private static IEnumerable<KeyValuePair<string, object?>> JavaScriptKeyOrder(IEnumerable<KeyValuePair<string, object?>> members)
    {
        var list = members.ToList();
        return list.Where(m => ArrayIndex(m.Key) is not null).OrderBy(m => ArrayIndex(m.Key))
            .Concat(list.Where(m => ArrayIndex(m.Key) is null));
    }

    /// <summary>The index a key names when it is a canonical array index (0 … 2^32-2, no leading zero), else null.</summary>
    private static uint? ArrayIndex(string key)
    {
        if (key.Length is 0 or > 10 || (key.Length > 1 && key[0] == '0') || !key.All(char.IsAsciiDigit))
        {
            return null;
        }

        var number = ulong.Parse(key, CultureInfo.InvariantCulture);
        return number < uint.MaxValue ? (uint)number : null;
    }

    private static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case < ' ':
                    AppendEscape(builder, c);
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        builder.Append(c).Append(text[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        AppendEscape(builder, c);
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    private static void AppendEscape(StringBuilder builder, char c) =>
        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
}
