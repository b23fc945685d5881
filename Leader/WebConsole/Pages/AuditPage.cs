using Microsoft.AspNetCore.Http;
using PryvBus.Leader.Audit;

namespace PryvBus.Leader.WebConsole.Pages;

/// <summary>The audit trail's newest entries with the filters used, and the chain's verification when asked for.</summary>
internal static class AuditPage
{
    public static IResult Show(ConsoleContext context, IReadOnlyList<AuditRecord> rows, string? actor, string? role, string? action, string? verification) =>
        ConsoleLayout.Page(context, "Audit trail", html =>
        {
            html.Write($"<form method=\"get\" action=\"/console/audit\" class=\"filters\">\n");
            html.Write($"<label>Actor <input name=\"actor\"").Attribute("value", actor).Write($" /></label>\n");
            html.Write($"<label>Role <input name=\"role\"").Attribute("value", role).Write($" /></label>\n");
            html.Write($"<label>Action <input name=\"action\"").Attribute("value", action).Write($" /></label>\n");
            html.Write($"""
                <button type="submit">Filter</button>
                <button type="submit" name="verify" value="true" id="verify">Verify the chain</button>
                </form>

                """);
            if (verification is not null)
            {
                var outcome = verification.StartsWith("chain intact", StringComparison.Ordinal) ? "ok" : "error";
                html.Write($"<p class=\"{outcome}\" id=\"verification\">{verification}</p>\n");
            }

            html.Write($"""
                <p class="note">Newest first; the last 500 entries of the stream. Every entry is chained to the one before it (see <code>pryvbus-leader audit verify</code>).</p>
                <table id="audit">
                <thead><tr><th>#</th><th>Time</th><th>Actor</th><th>Source</th><th>Action</th><th>Role</th><th>Reason</th><th>Detail</th></tr></thead>
                <tbody>

                """);
            foreach (var row in rows)
            {
                html.Write($"""
                    <tr data-action="{row.Action}">
                    <td>{row.Seq}</td><td>{row.Time}</td><td>{row.Actor} ({row.ActorRole})</td><td>{row.Source}</td><td>{row.Action}</td><td>{row.Role}</td>
                    <td>{row.Reason}</td><td><pre class="detail">{row.Detail}</pre></td>
                    </tr>

                    """);
            }

            html.Write($"</tbody>\n</table>\n");
        });
}
