using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Values;

namespace PryvBus.Leader.Api;

/// <summary>
/// Platform values under the admin group: <c>GET /admin/platform</c> (every value, viewer),
/// <c>GET /admin/platform/{NAME}</c> (one), <c>PUT /admin/platform/{NAME}</c> (editor: change it in the settings file,
/// with <c>If-Match</c> and a reason; a dry-run previews the diff per role). Every answer carries the file's ETag.
/// </summary>
public static class PlatformRoutes
{
    public static void MapPlatform(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/platform", (HttpContext context, ValueService values, ValueUsages usages) =>
            Refusal(context, OperatorRole.Viewer, "reading platform values") ?? Listing(context, values, usages, null));

        admin.MapGet("/platform/{name}", (string name, HttpContext context, ValueService values, ValueUsages usages) =>
            Refusal(context, OperatorRole.Viewer, "reading platform values") ?? Listing(context, values, usages, name));

        admin.MapPut("/platform/{name}", async (string name, PutRequest? body, HttpContext context, ValueService values) =>
        {
            if (Refusal(context, OperatorRole.Editor, "changing a platform value") is { } refused)
            {
                return refused;
            }

            if (body is null || body.Value.ValueKind == JsonValueKind.Undefined)
            {
                return ApiErrors.BadRequest("expected { \"value\": <any JSON>, \"reason\": \"why\", \"dryRun\": false }");
            }

            if (ValueRequest.ReasonProblem(body.Reason) is { } problem)
            {
                return ApiErrors.BadRequest(problem);
            }

            var ifMatch = context.Request.Headers.IfMatch.ToString().Trim();
            if (ifMatch.Length == 0 || ifMatch == "*")
            {
                return ApiErrors.Json(StatusCodes.Status428PreconditionRequired,
                    "If-Match is required: send the ETag of GET /admin/platform (a change must name the file it was based on; '*' is not accepted)");
            }

            try
            {
                var outcome = await values.SetAsync(new ValueRequest(name, body.Value, body.Reason!.Trim(), body.DryRun, ifMatch), HttpActor.Get(context), context.RequestAborted);
                context.Response.Headers.ETag = outcome.ETag;
                return Answer(outcome);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or State.StateException)
            {
                // The conf folder read-only (a :ro mount), the file's owner not keepable, the state folder's lock: named, nothing written.
                return ApiErrors.Json(StatusCodes.Status500InternalServerError, "cannot change the settings file: " + ex.Message);
            }
        }).RequireOperatorRole(OperatorRole.Editor);
    }

    private static IResult? Refusal(HttpContext context, OperatorRole needed, string what) =>
        HttpActor.Get(context).Can(needed) ? null : ApiErrors.Forbidden($"{what} needs the {needed.ToString().ToLowerInvariant()} role");

    private static IResult Listing(HttpContext context, ValueService values, ValueUsages usages, string? name)
    {
        var listing = values.List();
        context.Response.Headers.ETag = listing.ETag;
        if (listing.Settings is not { } settings)
        {
            return Results.Json(new ProblemsAnswer("the settings file has problems: fix them in the file", listing.Problems), ApiJsonContext.Default.ProblemsAnswer, statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        var usage = usages.Of(settings);
        if (name is null)
        {
            return Results.Json(new ValuesAnswer(listing.ETag, settings.ConfigPath, settings.Platform.Values.Select(v => ValueView.Of(v, usage))), ApiJsonContext.Default.ValuesAnswer);
        }

        return settings.Platform.TryGetValue(name, out var value)
            ? Results.Json(ValueView.Of(value, usage), ApiJsonContext.Default.ValueView)
            : ApiErrors.NotFound($"no platform value '{Shared.Settings.SettingsKeys.Printable(name)}' in {Path.GetFileName(settings.ConfigPath)}");
    }

    private static IResult Answer(ValueOutcome outcome) => outcome.Kind switch
    {
        ValueOutcomeKind.NotFound => ApiErrors.NotFound(outcome.Message),
        ValueOutcomeKind.Stale => ApiErrors.Json(StatusCodes.Status412PreconditionFailed, outcome.Message),
        ValueOutcomeKind.Invalid => Results.Json(new ProblemsAnswer(outcome.Message, outcome.Problems), ApiJsonContext.Default.ProblemsAnswer, statusCode: StatusCodes.Status422UnprocessableEntity),
        ValueOutcomeKind.DryRun => Results.Json(
            new DryRunAnswer(DryRun: true, outcome.ETag, outcome.Change, outcome.Previews.Select(PreviewAnswer.Of)), ApiJsonContext.Default.DryRunAnswer),
        _ => Results.Json(
            new ChangeAnswer(DryRun: false, outcome.ETag, outcome.Change, outcome.RenderProblem, outcome.Reports.Select(RoleAnswer.Of)), ApiJsonContext.Default.ChangeAnswer),
    };

    public sealed record PutRequest(JsonElement Value, string? Reason, bool DryRun);
}
