using Microsoft.AspNetCore.Http;
using PryvBus.Leader.Accounts;

namespace PryvBus.Leader.WebConsole.Pages;

/// <summary>A role's retained versions, newest first: diffs between neighbours, and for releasers pin, unpin and roll back.</summary>
internal static class HistoryPage
{
    public static IResult Show(ConsoleContext context, string role, long? current, long? pinnedAt, IReadOnlyList<HistoryRow> rows) =>
        ConsoleLayout.Page(context, $"Role {role}", html =>
        {
            var path = $"/console/roles/{Uri.EscapeDataString(role)}";
            var releaser = context.Can(OperatorRole.Releaser);
            html.Write($"<p>\nCurrent serial: <strong id=\"current\">{current}</strong>.\n");
            if (pinnedAt is not null)
            {
                html.Write($"<span class=\"pinned\">Pinned at serial {pinnedAt} by a rollback: renders do not replace it.</span>\n");
                if (releaser)
                {
                    html.Write($"<form method=\"post\" action=\"{path}/unpin\" class=\"inline\">\n");
                    ConsoleLayout.FormToken(html, context);
                    html.Write($"<button type=\"submit\" id=\"unpin\">Unpin</button>\n</form>\n");
                }
            }
            else if (current is not null && releaser)
            {
                html.Write($"<form method=\"post\" action=\"{path}/rollback\" class=\"inline\">\n");
                ConsoleLayout.FormToken(html, context);
                html.Write($"""
                    <input type="hidden" name="serial" value="{current}" />
                    <button type="submit" id="pin">Pin at {current}</button>
                    </form>
                    <span class="note">(renders then leave the role where it is until unpinned)</span>

                    """);
            }

            html.Write($"""
                </p>
                <table id="history">
                <thead><tr><th>Serial</th><th>Created</th><th>Files</th><th>SHA-256</th><th>Reason</th><th></th></tr></thead>
                <tbody>

                """);
            for (var i = 0; i < rows.Count; i++)
            {
                Row(html, context, path, current, rows[i], i + 1 < rows.Count ? rows[i + 1] : null);
            }

            html.Write($"</tbody>\n</table>\n");
        });

    private static void Row(ConsoleHtml html, ConsoleContext context, string path, long? current, HistoryRow row, HistoryRow? older)
    {
        html.Write($"""
            <tr data-serial="{row.Serial}">
            <td><a href="{path}/{row.Serial}">{row.Serial}</a>{(row.Serial == current ? " (current)" : "")}</td>
            <td>{row.Created}</td><td>{row.Files}</td><td class="hash">{Short(row.Sha256)}</td><td>{row.Reason}</td>
            <td class="actions">

            """);
        if (older is not null)
        {
            html.Write($"<a href=\"{path}/diff?from={older.Serial}&amp;to={row.Serial}\">diff with {older.Serial}</a>\n");
        }

        if (row.Serial != current && context.Can(OperatorRole.Releaser))
        {
            html.Write($"<form method=\"post\" action=\"{path}/rollback\" class=\"inline\">\n");
            ConsoleLayout.FormToken(html, context);
            html.Write($"""
                <input type="hidden" name="serial" value="{row.Serial}" />
                <button type="submit" data-rollback="{row.Serial}">Roll back to {row.Serial}</button>
                </form>

                """);
        }

        html.Write($"</td>\n</tr>\n");
    }

    private static string Short(string? hash) => hash is null ? string.Empty : hash[..Math.Min(12, hash.Length)];
}
