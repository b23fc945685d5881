using Microsoft.AspNetCore.Http;

namespace PryvBus.Leader.WebConsole.Pages;

/// <summary>One version of a role: its files, their sizes, and which hold secrets (each file links to its masked text).</summary>
internal static class VersionPage
{
    public static IResult Show(ConsoleContext context, string role, long serial, string? created, string? reason, IReadOnlyList<(string Path, int Bytes, bool Secret)> files) =>
        ConsoleLayout.Page(context, $"{role} serial {serial}", html =>
        {
            html.Write($"""
                <p>Created {created}. Reason: {reason}</p>
                <table id="files">
                <thead><tr><th>Path</th><th>Bytes</th><th>Secrets</th></tr></thead>
                <tbody>

                """);
            foreach (var file in files)
            {
                html.Write($"""
                    <tr>
                    <td><a href="/console/roles/{Uri.EscapeDataString(role)}/{serial}/file?path={Uri.EscapeDataString(file.Path)}">{file.Path}</a></td>
                    <td>{file.Bytes}</td><td>{(file.Secret ? "yes" : "")}</td>
                    </tr>

                    """);
            }

            html.Write($"</tbody>\n</table>\n");
        });
}
