using Microsoft.AspNetCore.Http;

namespace PryvBus.Leader.WebConsole.Pages;

/// <summary>A short message page (a refusal or an outcome), never a stack trace.</summary>
internal static class MessagePage
{
    public static IResult Show(ConsoleContext context, string title, string message, int status, string? back = null) =>
        ConsoleLayout.Page(context, title, html =>
        {
            html.Write($"<p class=\"message\">{message}</p>\n");
            if (back is not null)
            {
                html.Write($"<p><a href=\"{back}\">Back</a></p>\n");
            }
        }, status);
}
