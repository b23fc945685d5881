using Microsoft.AspNetCore.Http;
using PryvBus.Leader.Status;

namespace PryvBus.Leader.WebConsole.Pages;

/// <summary>The convergence table; <c>console.js</c> then rebuilds its body from the feed named in <c>data-live</c>.</summary>
internal static class ConvergencePage
{
    public static IResult Show(ConsoleContext context, IReadOnlyList<FollowerConvergence> rows) =>
        ConsoleLayout.Page(context, "Convergence", html =>
        {
            var summary = rows.Count == 0 ? "no followers declared" : $"{rows.Count(r => r.Converged)} of {rows.Count} followers converged";
            html.Write($"""
                <p class="summary" id="summary">{summary}</p>
                <table id="convergence" data-live="/console/events/convergence">
                <thead>
                <tr><th>Follower</th><th>Role</th><th>Applied</th><th>Current</th><th>Lag</th><th>State</th><th>Wave</th><th>Updated</th><th>Last restart</th><th>Compose</th><th>Error</th></tr>
                </thead>
                <tbody>

                """);
            foreach (var row in rows)
            {
                html.Write($"""
                    <tr data-follower="{row.Id}" class="{(row.Converged ? "converged" : "behind")}">
                    <td>{row.Id}</td><td>{row.Role}</td><td class="applied">{row.Applied}</td><td class="current">{row.Current}</td><td>{row.Lag}</td>
                    <td class="state">{row.State}</td><td class="wave">{row.Wave}</td><td>{row.Updated}</td><td>{row.LastRestart}</td><td>{row.Compose}</td><td>{row.Error}</td>
                    </tr>

                    """);
            }

            html.Write($"</tbody>\n</table>\n");
        });
}
