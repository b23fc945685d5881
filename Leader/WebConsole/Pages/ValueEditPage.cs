using Microsoft.AspNetCore.Http;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Values;

namespace PryvBus.Leader.WebConsole.Pages;

/// <summary>
/// One platform value: what it is, where it is used, its current value; for editors the edit form (a sensitive value
/// is never written into the page, not even the one just typed), the problem of the last attempt, or its preview.
/// </summary>
internal static class ValueEditPage
{
    /// <param name="text">What the value field shows (empty for a sensitive value).</param>
    /// <param name="etag">The settings file's ETag the edit is based on.</param>
    public static IResult Show(ConsoleContext context, ValueView view, string etag, string? text, string? reason, string? error, ValueOutcome? preview, int status) =>
        ConsoleLayout.Page(context, view.Name, html =>
        {
            var usage = view.Roles.Count == 0 ? "Used by no template." : $"Used in {string.Join(", ", view.UsedIn)} (roles {string.Join(", ", view.Roles)}).";
            html.Write($"""
                <p>{view.Description}</p>
                <p class="note">{view.Summary} {usage}</p>
                <p>Current value: <code id="current">{ShownValue.Of(view)}</code></p>

                """);
            if (error is not null)
            {
                html.Write($"<pre class=\"error\" role=\"alert\" id=\"problem\">{error}</pre>\n");
            }

            if (preview is not null)
            {
                Preview(html, preview);
            }

            if (context.Can(OperatorRole.Editor))
            {
                Form(html, context, view, etag, text, reason);
            }
            else
            {
                html.Write($"<p class=\"note\">Changing values needs the editor role.</p>\n");
            }
        }, status);

    private static void Preview(ConsoleHtml html, ValueOutcome preview)
    {
        html.Write($"<section id=\"preview\">\n<h2>Preview (nothing written yet)</h2>\n<p>{preview.Change}</p>\n");
        foreach (var role in preview.Previews)
        {
            var what = role.Failed ? "— render FAILED" : role.Changed.Count == 0 ? "— no file changes" : $"— {role.Changed.Count} file(s) change";
            html.Write($"<h3>{role.Role} {what}</h3>\n");
            if (role.Errors.Count > 0)
            {
                html.Write($"<pre class=\"error\">{string.Join("\n", role.Errors)}</pre>\n");
            }

            if (role.Diff.Length > 0)
            {
                html.Write($"<pre class=\"diff\">{role.Diff}</pre>\n");
            }
        }

        html.Write($"</section>\n");
    }

    private static void Form(ConsoleHtml html, ConsoleContext context, ValueView view, string etag, string? text, string? reason)
    {
        html.Write($"<form method=\"post\" action=\"/console/values/{Uri.EscapeDataString(view.Name)}\" id=\"edit\">\n");
        ConsoleLayout.FormToken(html, context);
        html.Write($"<input type=\"hidden\" name=\"etag\" value=\"{etag}\" />\n");
        if (view.Sensitive)
        {
            html.Write($"<label>New value (sensitive: never shown) <input type=\"password\" name=\"value\" autocomplete=\"off\" /></label>\n");
        }
        else
        {
            html.Write($"<label>New value (JSON, or plain text for a string) <textarea name=\"value\" rows=\"3\">{text}</textarea></label>\n");
        }

        html.Write($"<label>Reason (recorded in the audit trail) <input name=\"reason\"").Attribute("value", reason).Write($" maxlength=\"500\" required /></label>\n");
        html.Write($"""
            <div class="buttons">
            <button type="submit" name="mode" value="preview">Preview</button>
            <button type="submit" name="mode" value="save">Save and render</button>
            </div>
            </form>

            """);
    }
}
