using System.Globalization;
using StackExchange.Redis;

namespace PryvBus.Shared.Versions;

/// <summary>
/// The one way to read a serial or a generation from Redis (or any untrusted text): the canonical decimal form only
/// (ASCII digits, no sign, no spaces, no leading zero), in 1..2^53-1 (exact in every JSON number and double, with room to add one). Anything else is refused, so
/// no arithmetic on a number read from outside can overflow.
/// </summary>
public static class VersionNumber
{
    /// <summary>The largest serial or generation: 2^53 - 1.</summary>
    public const long Max = (1L << 53) - 1;

    private const int MaxDigits = 16;

    public static bool TryParse(string? text, out long value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text) || text.Length > MaxDigits || text[0] == '0' || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        var parsed = long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        if (parsed is < 1 or > Max)
        {
            return false;
        }

        value = parsed;
        return true;
    }

    public static bool TryParse(RedisValue text, out long value)
    {
        if (text.IsNull)
        {
            value = 0;
            return false;
        }

        return TryParse((string?)text, out value);
    }

    /// <summary>Whether <paramref name="value"/> is a valid serial or generation.</summary>
    public static bool IsValid(long value) => value is >= 1 and <= Max;

    /// <summary>A short, printable excerpt of a refused value for an error message (never more than 24 characters).</summary>
    public static string Excerpt(string? text)
    {
        if (text is null)
        {
            return "(nothing)";
        }

        var printable = new string(text.Take(24).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return text.Length > 24 ? printable + "…" : printable;
    }

    /// <summary>The error text for a refused value stored at <paramref name="where"/>.</summary>
    public static string Refusal(string where, string? text) =>
        string.Create(CultureInfo.InvariantCulture, $"{where} holds '{Excerpt(text)}', not an integer in 1..{Max}");
}
