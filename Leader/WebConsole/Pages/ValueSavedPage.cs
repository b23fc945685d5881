using Microsoft.AspNetCore.Http;
using PryvBus.Leader.Values;

namespace PryvBus.Leader.WebConsole.Pages;

/// <summary>After a value is saved: the change and, per role, whether a version was stored, with its serial or errors.</summary>
internal static class ValueSavedPage
{
    public static IResult Show(ConsoleContext context, string name, ValueOutcome outcome) =>
        ConsoleLayout.Page(context, $"{name} changed", html =>
        {
            html.Write($"""
                <p id="outcome">{outcome.Message}</p>
                <table id="results">
                <thead><tr><th>Role</th><th>Result</th><th>Serial</th><th>Errors</th></tr></thead>
                <tbody>

                """);
            foreach (var report in outcome.Reports)
            {
                var result = report.Failed ? "failed" : report.PinnedAt is not null ? "pinned" : report.Stored ? "stored" : "unchanged";
                html.Write($"""
                    <tr data-role="{report.Role}">
                    <td>{report.Role}</td>
                    <td>{result}</td>
                    <td>{report.Store?.Serial ?? report.PinnedAt}</td>
                    <td>{string.Join("; ", report.Render.Errors.Select(e => e.ToString()))}</td>
                    </tr>

                    """);
            }

            html.Write($"""
                </tbody>
                </table>
                <p><a href="/console">Watch the followers converge</a> · <a href="/console/values">Back to the values</a></p>

                """);
        });
}
