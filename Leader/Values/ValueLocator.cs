using System.Text.Json;

namespace PryvBus.Leader.Values;

/// <summary>
/// Finds the exact bytes of <c>platform.NAME</c>'s value in a settings file (JSON with comments and trailing commas, read
/// with <see cref="Utf8JsonReader"/> as the loader reads it), so that an edit replaces only them and everything else —
/// comments, descriptions, order, whitespace — stays byte for byte.
/// </summary>
public static class ValueLocator
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    /// <summary>The spot of <paramref name="name"/>'s value; null when the <c>platform</c> section has no such entry.</summary>
    /// <param name="json">The file's bytes, after any byte order mark.</param>
    /// <param name="name">The platform value's name.</param>
    /// <exception cref="JsonException">The text is not JSON (the loader reports it first, with its line).</exception>
    /// <exception cref="InvalidOperationException">The section or the entry is defined twice (the loader reports it first).</exception>
    public static ValueSpot? Locate(ReadOnlySpan<byte> json, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var reader = new Utf8JsonReader(json, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        ValueSpot? found = null;
        var platforms = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isPlatform = reader.ValueTextEquals("platform"u8);
            reader.Read();
            if (isPlatform && reader.TokenType == JsonTokenType.StartObject)
            {
                if (++platforms > 1)
                {
                    throw new InvalidOperationException("'platform' is defined twice");
                }

                found = InPlatform(ref reader, json, name);
            }
            else
            {
                reader.Skip();
            }
        }

        return found;
    }

    private static ValueSpot? InPlatform(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, string name)
    {
        ValueSpot? spot = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (!match)
            {
                reader.Skip();
                continue;
            }

            if (spot is not null)
            {
                throw new InvalidOperationException($"platform.{name} is defined twice");
            }

            spot = reader.TokenType == JsonTokenType.StartObject
                ? InEntry(ref reader, json, name)
                : Span(ref reader, ValueSpotKind.Plain);
        }

        return spot;
    }

    private static ValueSpot InEntry(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, string name)
    {
        var open = (int)reader.TokenStartIndex;
        int? firstKey = null;
        ValueSpot? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            firstKey ??= (int)reader.TokenStartIndex;
            var isValue = reader.ValueTextEquals("value"u8);
            reader.Read();
            if (!isValue)
            {
                reader.Skip();
                continue;
            }

            if (value is not null)
            {
                throw new InvalidOperationException($"platform.{name}.value is defined twice");
            }

            value = Span(ref reader, ValueSpotKind.Documented);
        }

        if (value is not null)
        {
            return value;
        }

        if (firstKey is not { } first)
        {
            // An empty entry: the key goes right after its brace.
            return new ValueSpot(ValueSpotKind.Insert, open + 1, open + 1, " ", " ");
        }

        // Before the first key, followed by the whitespace that preceded it (the entry's own layout), or a space when a comment sits there.
        var gap = json[(open + 1)..first];
        var blank = gap.IndexOfAnyExcept(" \t\r\n"u8) < 0;
        return new ValueSpot(ValueSpotKind.Insert, first, first, "," + (blank ? System.Text.Encoding.UTF8.GetString(gap) : " "));
    }

    /// <summary>The span of the value the reader is on (a whole object or array included).</summary>
    private static ValueSpot Span(ref Utf8JsonReader reader, ValueSpotKind kind)
    {
        var start = (int)reader.TokenStartIndex;
        int end;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
            end = (int)reader.TokenStartIndex + 1;
        }
        else
        {
            // ValueSpan holds a string's raw (still escaped) bytes, without its quotes.
            end = start + reader.ValueSpan.Length + (reader.TokenType == JsonTokenType.String ? 2 : 0);
        }

        return new ValueSpot(kind, start, end);
    }
}
