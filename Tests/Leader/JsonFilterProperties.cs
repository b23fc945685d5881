using System.Globalization;
using System.Text;
using CsCheck;
using PryvBus.Leader.Rendering;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// The <c>json</c> function against an independent statement of <c>JSON.stringify</c>'s rules (ECMA-262
/// <c>QuoteJSONString</c> and <c>Number::toString</c>), on arbitrary strings and doubles. CsCheck prints the seed of a
/// failing run.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class JsonFilterProperties
{
    private static readonly Gen<char> Char = Gen.Frequency(
        (4, Gen.Char['\x20', '\x7e']),
        (2, Gen.Char['\0', '\x1f']),
        (2, Gen.Char['\ud800', '\udfff']),
        (2, Gen.Char['\x7f', '\ud7ff']),
        (1, Gen.Char['\ue000', '\uffff']));

    [Fact]
    public void Stringify_AnyString_FollowsQuoteJsonString()
    {
        Char.Array[0, 40].Select(chars => new string(chars)).Sample(
            text => JsonStringify.Stringify(text).Should().Be(QuoteJsonString(text)),
            iter: 5000);
    }

    [Fact]
    public void Stringify_AnyDouble_FollowsNumberToString()
    {
        Gen.Double.Sample(
            x => JsonStringify.Stringify(x).Should().Be(NumberToString(x), x.ToString("R", CultureInfo.InvariantCulture)),
            iter: 5000);
    }

    [Fact]
    public void Stringify_AnyDouble_ReadsBackAsTheSameNumber()
    {
        Gen.Double.Where(double.IsFinite).Sample(
            x => double.Parse(JsonStringify.Stringify(x), CultureInfo.InvariantCulture).Should().Be(x == 0 ? 0 : x),
            iter: 5000);
    }

    /// <summary>ECMA-262 QuoteJSONString, code unit by code unit.</summary>
    private static string QuoteJsonString(string text)
    {
        var shortEscapes = new Dictionary<char, string>
        {
            ['\b'] = "\\b", ['\t'] = "\\t", ['\n'] = "\\n", ['\f'] = "\\f", ['\r'] = "\\r", ['"'] = "\\\"", ['\\'] = "\\\\",
        };
        var product = new StringBuilder("\"");
        for (var i = 0; i < text.Length; i++)
        {
            var unit = text[i];
            var pairedHigh = char.IsHighSurrogate(unit) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var pairedLow = char.IsLowSurrogate(unit) && i > 0 && char.IsHighSurrogate(text[i - 1]);
            if (shortEscapes.TryGetValue(unit, out var escape))
            {
                product.Append(escape);
            }
            else if (unit < 0x20 || (char.IsSurrogate(unit) && !pairedHigh && !pairedLow))
            {
                product.Append("\\u").Append(((int)unit).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                product.Append(unit);
            }
        }

        return product.Append('"').ToString();
    }

    /// <summary>ECMA-262 Number::toString with the shortest digits found by trying 1 to 17 significant digits.</summary>
    private static string NumberToString(double x)
    {
        if (!double.IsFinite(x))
        {
            return "null";
        }

        if (x == 0)
        {
            return "0";
        }

        if (x < 0)
        {
            return "-" + NumberToString(-x);
        }

        for (var k = 1; k <= 17; k++)
        {
            var scientific = x.ToString("E" + (k - 1), CultureInfo.InvariantCulture); // d.ddddE+xxx
            if (double.Parse(scientific, CultureInfo.InvariantCulture) != x)
            {
                continue;
            }

            var parts = scientific.Split('E');
            var s = parts[0].Replace(".", "", StringComparison.Ordinal).TrimEnd('0');
            var n = int.Parse(parts[1], CultureInfo.InvariantCulture) + 1;
            return Layout(s, n);
        }

        throw new InvalidOperationException("no round-trip digits");
    }

    private static string Layout(string s, int n)
    {
        var k = s.Length;
        if (k <= n && n <= 21)
        {
            return s + new string('0', n - k);
        }

        if (0 < n && n <= 21)
        {
            return s[..n] + "." + s[n..];
        }

        if (-6 < n && n <= 0)
        {
            return "0." + new string('0', -n) + s;
        }

        var e = (n - 1 >= 0 ? "+" : "-") + Math.Abs(n - 1).ToString(CultureInfo.InvariantCulture);
        return k == 1 ? s + "e" + e : s[..1] + "." + s[1..] + "e" + e;
    }
}
