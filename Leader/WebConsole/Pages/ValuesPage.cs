using Microsoft.AspNetCore.Http;
using PryvBus.Leader.Values;

namespace PryvBus.Leader.WebConsole.Pages;

/// <summary>Every platform value: description, constraints, current value (a sensitive one masked) and the templates using it.</summary>
internal static class ValuesPage
{
    public static IResult Show(ConsoleContext context, IReadOnlyList<ValueView> values) =>
        ConsoleLayout.Page(context, "Platform values", html =>
        {
            html.Write($"""
                <table id="values">
                <thead><tr><th>Name</th><th>Description</th><th>Constraints</th><th>Value</th><th>Used in</th></tr></thead>
                <tbody>

                """);
            foreach (var value in values)
            {
                html.Write($"""
                    <tr data-value="{value.Name}">
                    <td><a href="/console/values/{Uri.EscapeDataString(value.Name)}">{value.Name}</a></td>
                    <td>{value.Description}</td><td>{value.Summary}</td>
                    <td class="current"><code>{ShownValue.Of(value)}</code></td>
                    <td>{string.Join(", ", value.UsedIn)}</td>
                    </tr>

                    """);
            }

            html.Write($"</tbody>\n</table>\n");
        });
}
