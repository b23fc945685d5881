using Microsoft.AspNetCore.Http;

namespace PryvBus.Leader.WebConsole.Pages;

/// <summary>The sign-in form, with the refusal when there was one and the name typed (never the password).</summary>
internal static class LoginPage
{
    public static IResult Show(ConsoleContext context, string? error = null, string? name = null, int status = StatusCodes.Status200OK) =>
        ConsoleLayout.Page(context, "Sign in", html =>
        {
            if (error is not null)
            {
                html.Write($"<p class=\"error\" role=\"alert\">{error}</p>\n");
            }

            html.Write($"<form method=\"post\" action=\"/console/login\" class=\"login\">\n");
            ConsoleLayout.FormToken(html, context);
            html.Write($"<label>Operator <input name=\"name\"").Attribute("value", name).Write($" autocomplete=\"username\" required autofocus /></label>\n");
            html.Write($"""
                <label>Password <input name="password" type="password" autocomplete="current-password" required /></label>
                <button type="submit">Sign in</button>
                </form>

                """);
        }, status);
}
