using Microsoft.AspNetCore.Http;

namespace PryvBus.Leader.WebConsole.Pages;

/// <summary>A file of a version or a diff between two: text already masked by the caller.</summary>
internal static class TextPage
{
    public static IResult Show(ConsoleContext context, string title, string text, string back, string? note = null) =>
        ConsoleLayout.Page(context, title, html =>
        {
            if (note is not null)
            {
                html.Write($"<p class=\"note\">{note}</p>\n");
            }

            html.Write($"<pre id=\"text\">{text}</pre>\n<p><a href=\"{back}\">Back</a></p>\n");
        });
}
