using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Api;
using PryvBus.Leader.Values;
using PryvBus.Leader.WebConsole.Pages;

namespace PryvBus.Leader.WebConsole;

/// <summary>
/// <c>/console/values</c>: every platform value with its description, constraints, current value (sensitive ones never
/// shown) and the templates using it; <c>/console/values/{NAME}</c>: the edit form (editor), a preview of the diff per
/// role (nothing written), then save — the same edit as <c>PUT /admin/platform/{NAME}</c>, based on the file's ETag the
/// page was shown with (a file changed meanwhile is refused, never merged).
/// </summary>
internal static class ValueRoutes
{
    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/values", (HttpContext http, ValueService values, ValueUsages usages) =>
        {
            var listing = values.List();
            if (listing.Settings is not { } settings)
            {
                return ConsoleView.Message(http, "Platform values", "The settings file has problems (fix them in the file): " + string.Join("; ", listing.Problems), StatusCodes.Status422UnprocessableEntity);
            }

            var usage = usages.Of(settings);
            return ValuesPage.Show(ConsoleView.ContextOf(http), [.. settings.Platform.Values.Select(v => ValueView.Of(v, usage))]);
        });

        console.MapGet("/values/{name}", (string name, HttpContext http, ValueService values, ValueUsages usages) => Edit(http, values, usages, name, null, null, null));

        console.MapPost("/values/{name}", async (string name, HttpContext http, ValueService values, ValueUsages usages) =>
        {
            var form = await http.Request.ReadFormAsync();
            var (text, reason, etag) = (form["value"].ToString(), form["reason"].ToString().Trim(), form["etag"].ToString());
            var preview = form["mode"] == "preview";
            if (ValueRequest.ReasonProblem(reason) is { } problem)
            {
                return Edit(http, values, usages, name, text, reason, problem, StatusCodes.Status400BadRequest);
            }

            if (ValueInput.Parse(text, jsonOnly: false) is not { } value || etag.Length == 0)
            {
                return Edit(http, values, usages, name, text, reason, "Enter a value (JSON, or plain text for a string).", StatusCodes.Status400BadRequest);
            }

            var outcome = await values.SetAsync(new ValueRequest(name, value, reason, preview, etag), HttpActor.Get(http), http.RequestAborted);
            return outcome.Kind switch
            {
                ValueOutcomeKind.NotFound => ConsoleView.Message(http, "Not found", outcome.Message, StatusCodes.Status404NotFound, "/console/values"),
                ValueOutcomeKind.Stale => Edit(http, values, usages, name, text, reason, "The settings file changed since this page was shown: nothing was written. Check the current value below and try again.", StatusCodes.Status409Conflict),
                ValueOutcomeKind.Invalid => Edit(http, values, usages, name, text, reason, string.Join("\n", outcome.Problems.DefaultIfEmpty(outcome.Message)), StatusCodes.Status422UnprocessableEntity),
                ValueOutcomeKind.DryRun => Edit(http, values, usages, name, text, reason, null, StatusCodes.Status200OK, outcome),
                _ => ValueSavedPage.Show(ConsoleView.ContextOf(http), name, outcome),
            };
        }).Needs(OperatorRole.Editor);
    }

    private static IResult Edit(HttpContext http, ValueService values, ValueUsages usages, string name, string? text, string? reason, string? error, int status = StatusCodes.Status200OK, ValueOutcome? preview = null)
    {
        var listing = values.List();
        if (listing.Settings is not { } settings || !settings.Platform.TryGetValue(name, out var value))
        {
            return listing.Settings is null
                ? ConsoleView.Message(http, "Platform values", "The settings file has problems (fix them in the file): " + string.Join("; ", listing.Problems), StatusCodes.Status422UnprocessableEntity)
                : ConsoleView.Message(http, "Not found", $"no platform value '{Shared.Settings.SettingsKeys.Printable(name)}'", StatusCodes.Status404NotFound, "/console/values");
        }

        var view = ValueView.Of(value, usages.Of(settings));
        // A sensitive value is never written into the page, not even the one just typed.
        var shown = view.Sensitive ? string.Empty : text ?? (view.Value is { } current ? ShownValue.Json(current) : string.Empty);
        return ValueEditPage.Show(ConsoleView.ContextOf(http), view, preview?.ETag ?? listing.ETag, shown, reason, error, preview, status);
    }
}
