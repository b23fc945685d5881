using System.Globalization;
using System.Text;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// A number as JavaScript prints it (ECMAScript <c>Number::toString</c>): every number is a double; the shortest digits
/// that read back as the same double; plain notation from 1e-7 up to 1e21, exponent notation (<c>1e+21</c>,
/// <c>1.5e-7</c>) outside; <c>-0</c> prints <c>0</c>; NaN and the infinities are <c>null</c> in JSON.
/// </summary>
public static class JavaScriptNumber
{
    public static bool TryFormat(object value, out string text)
    {
        double? number = value switch
        {
            double d => d,
            float f => f,
            decimal m => (double)m,
            long l => l,
            int i => i,
            short s => s,
            sbyte b => b,
            byte b => b,
            ushort u => u,
            uint u => u,
            ulong u => u,
            System.Numerics.BigInteger big => (double)big,
            _ => null,
        };
        text = number is { } x ? Format(x) : "";
        return number is not null;
    }

    public static string Format(double x)
    {
        if (double.IsNaN(x) || double.IsInfinity(x))
        {
            return "null";
        }

        if (x == 0)
        {
            return "0";
        }

        if (x < 0)
        {
            return "-" + Format(-x);
        }

        var (digits, n) = ShortestDigits(x);
        var k = digits.Length;
        if (k <= n && n <= 21)
        {
            return digits + new string('0', n - k);
        }

        if (0 < n && n <= 21)
        {
            return digits[..n] + "." + digits[n..];
        }

        if (-6 < n && n <= 0)
        {
            return "0." + new string('0', -n) + digits;
        }

        var exponent = n - 1;
        var sign = exponent >= 0 ? "+" : "-";
        var mantissa = k == 1 ? digits : digits[..1] + "." + digits[1..];
        return mantissa + "e" + sign + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The shortest round-trip digits s (no leading or trailing zero) and n such that x = 0.s × 10^n.</summary>
    private static (string Digits, int N) ShortestDigits(double x)
    {
        var text = x.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var point = text.IndexOf('.', StringComparison.Ordinal);
        var integer = point >= 0 ? text[..point] : text;
        var fraction = point >= 0 ? text[(point + 1)..] : "";
        var digits = new StringBuilder(integer).Append(fraction).ToString();
        var n = integer.Length + exponent;
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.TrimStart('0').TrimEnd('0');
        return (digits, n - leading);
    }
}
