using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;

namespace PryvBus.Leader.WebConsole.Pages;

/// <summary>
/// Builds one console page's HTML. Every value is encoded, in text and in attribute values alike, with
/// <see cref="HtmlEncoder.Default"/> (as Razor did): <c>&lt; &gt; &amp; " '</c>, control characters and everything
/// outside ASCII become character references, so no value can open a tag, close an attribute or start an entity.
/// Raw markup has one way in: the literal parts of an interpolated string passed to <see cref="Write"/>, that is this
/// program's own source text; every hole (<c>{value}</c>) is encoded. There is no method taking markup at run time.
/// A value may only stand in text or inside a quoted attribute value: a hole anywhere else in a tag (where an encoded
/// value could still add an attribute) throws, as does text inside a tag or an attribute outside one.
/// </summary>
internal sealed partial class ConsoleHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;
    private readonly StringBuilder _html = new(4096);
    private bool _inTag;
    private char _quote;

    /// <summary>Writes markup: the literal parts as they are, each hole encoded.</summary>
    public ConsoleHtml Write([System.Runtime.CompilerServices.InterpolatedStringHandlerArgument("")] ref ConsoleHtmlHandler markup) => this;

    /// <summary>Text content, encoded (outside any tag).</summary>
    public ConsoleHtml Text(string? value)
    {
        if (_inTag)
        {
            throw new InvalidOperationException("text written inside a tag");
        }

        Encode(value);
        return this;
    }

    /// <summary>
    /// An attribute of the tag being written: <c> name="value"</c> with the value encoded, or nothing when the value is
    /// null (as Razor omitted a null attribute). The name is this program's, checked to be a plain attribute name.
    /// </summary>
    public ConsoleHtml Attribute(string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!AttributeName().IsMatch(name) || !_inTag || _quote != '\0')
        {
            throw new InvalidOperationException($"attribute '{name}' written outside a tag or with an invalid name");
        }

        if (value is not null)
        {
            _html.Append(' ').Append(name).Append("=\"");
            Encode(value);
            _html.Append('"');
        }

        return this;
    }

    public override string ToString() => _html.ToString();

    /// <summary>Markup from the source: appended as it is, following where it leaves the next hole (text, tag, quoted value).</summary>
    internal void AppendLiteral(string markup)
    {
        foreach (var c in markup)
        {
            if (_quote != '\0')
            {
                _quote = c == _quote ? '\0' : _quote;
            }
            else if (_inTag)
            {
                _quote = c is '"' or '\'' ? c : '\0';
                _inTag = c != '>';
            }
            else
            {
                _inTag = c == '<';
            }
        }

        _html.Append(markup);
    }

    /// <summary>A hole of an interpolated <see cref="Write"/>: text, or a quoted attribute value.</summary>
    internal void AppendValue(string? value)
    {
        if (_inTag && _quote == '\0')
        {
            throw new InvalidOperationException("a value written inside a tag but outside a quoted attribute value");
        }

        Encode(value);
    }

    private void Encode(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _html.Append(Encoder.Encode(value));
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex AttributeName();
}
