using System.Globalization;
using System.Runtime.CompilerServices;

namespace PryvBus.Leader.WebConsole.Pages;

/// <summary>
/// The interpolated string of <see cref="ConsoleHtml.Write"/>: literal parts go to the page as markup, every hole is
/// encoded (numbers in the invariant culture).
/// </summary>
[InterpolatedStringHandler]
internal readonly ref struct ConsoleHtmlHandler
{
    private readonly ConsoleHtml _html;

    public ConsoleHtmlHandler(int literalLength, int formattedCount, ConsoleHtml html)
    {
        _ = literalLength;
        _ = formattedCount;
        _html = html;
    }

    public void AppendLiteral(string markup) => _html.AppendLiteral(markup);

    public void AppendFormatted(string? value) => _html.AppendValue(value);

    public void AppendFormatted<T>(T value) =>
        _html.AppendValue(value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString());
}
