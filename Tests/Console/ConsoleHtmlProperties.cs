using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using PryvBus.Leader.WebConsole.Pages;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Console;

/// <summary>
/// The console's HTML writer over hostile strings (markup, quotes, ampersands and entities, control characters, any
/// unicode, lone surrogates): what its text, attribute and interpolated-hole paths write never contains a character
/// that could open or close a tag or an attribute value, every <c>&amp;</c> starts a complete character reference, and
/// the browser reads back the very string. CsCheck prints the seed of a failing input, so a failure can be replayed.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed partial class ConsoleHtmlProperties
{
    private const long Inputs = 5_000;

    private static readonly Gen<string> Hostile = Gen.Frequency(
        (3, Gen.String),
        (3, Gen.Char["<>\"'&;#x/=` \t\n\r\0\u0001\u001b\u007f\u0085\u00a0\u2028\u202eé€😀\ud800\udc00"].Array[0, 16].Select(c => new string(c))),
        (1, Gen.OneOf(
            "<script>alert(1)</script>", "\" onmouseover=\"alert(1)", "' autofocus onfocus='alert(1)", "&amp;", "&#x3C;script&#x3E;",
            "</textarea><script>alert(1)</script>", "'><img src=x onerror=alert(1)>", "]]><!--", "javascript:alert(1)")));

    [Fact]
    public void Text_HostileString_WritesNoMarkupAndReadsBack() =>
        Hostile.Sample(
            value =>
            {
                var written = new ConsoleHtml().Text(value).ToString();

                AssertNoMarkup(written, value);
            },
            iter: Inputs);

    [Fact]
    public void Attribute_HostileString_StaysInsideItsQuotesAndReadsBack() =>
        Hostile.Sample(
            value =>
            {
                var written = new ConsoleHtml().Write($"<input name=\"x\"").Attribute("value", value).Write($" />").ToString();

                written.Should().StartWith("<input name=\"x\" value=\"").And.EndWith("\" />");
                AssertNoMarkup(written["<input name=\"x\" value=\"".Length..^"\" />".Length], value);
            },
            iter: Inputs);

    [Fact]
    public void Write_HostileStringInTextAndQuotedValueHoles_WritesNoMarkup() =>
        Hostile.Sample(
            value =>
            {
                var written = new ConsoleHtml().Write($"<p title=\"{value}\">{value}</p>").ToString();

                var match = Element().Match(written);
                match.Success.Should().BeTrue(written);
                AssertNoMarkup(match.Groups[1].Value, value);
                AssertNoMarkup(match.Groups[2].Value, value);
            },
            iter: Inputs);

    [Fact]
    public void Write_HoleInATagOutsideQuotes_Throws()
    {
        // Encoding alone would not stop "onclick=alert(1)" becoming an attribute there.
        var act = () => new ConsoleHtml().Write($"<p {"onclick=alert(1)"}>");

        act.Should().Throw<InvalidOperationException>();
    }

    [Theory]
    [InlineData("onclick=x y")]
    [InlineData("a\"b")]
    [InlineData("")]
    public void Attribute_NameNotPlain_Throws(string name)
    {
        var act = () => new ConsoleHtml().Write($"<p").Attribute(name, "v");

        act.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Text_InsideATag_Throws()
    {
        var act = () => new ConsoleHtml().Write($"<p ").Text("x");

        act.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Attribute_Null_Omitted() =>
        new ConsoleHtml().Write($"<input name=\"a\"").Attribute("value", null).Write($" />").ToString().Should().Be("<input name=\"a\" />");

    private static void AssertNoMarkup(string written, string value)
    {
        written.Should().NotContainAny(["<", ">", "\"", "'"], "the value was {0}", Printable(value));
        written.Should().MatchRegex("^[\\x20-\\x7e]*$", "controls and non-ASCII are character references");
        References().Replace(written, string.Empty).Should().NotContain("&", "every & starts a complete reference");
        // What the browser reads: the value itself (a lone surrogate, which no UTF-8 page can carry, becomes U+FFFD).
        WebUtility.HtmlDecode(written).Should().Be(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value)), Printable(value));
    }

    private static string Printable(string value) => string.Concat(value.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}"));

    [GeneratedRegex("&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+);")]
    private static partial Regex References();

    [GeneratedRegex("^<p title=\"([^\"]*)\">([^<]*)</p>$")]
    private static partial Regex Element();
}
