using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Publishing;
using PryvBus.Leader.Rollout;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Values;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Shared.Events;
using StackExchange.Redis;

namespace PryvBus.Leader.Api;

/// <summary>
/// Admin routes, behind the admin key of the settings or an operator token (<see cref="AdminAccess"/>; with neither
/// configured they answer 403), each with the least role it needs (<see cref="RequiredOperatorRole"/>; viewer reads,
/// releaser acts), every change audited:
/// <c>POST /admin/render</c> (its reason checked as the values API checks one, <see cref="RenderReason"/>; its roles known: <see cref="RenderRequestCheck"/>), <c>/admin/reload</c>, <c>/admin/rollback</c>, <c>/admin/unpin</c>,
/// <c>GET /admin/rollout/{role}</c>, <c>POST /admin/rollout/{role}/{pause|resume|abort|promote}</c>.
/// </summary>
public static class AdminRoutes
{
    public static void MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter(AdminAccess.FilterAsync);

        admin.MapPost("/render", async (HttpContext context, RenderRequest? body, SettingsProvider settings, PlatformPipeline pipeline, RenderHistory history, IAuditTrail audit) =>
        {
            if (RenderReason.Problem(body?.Reason) is { } refused)
            {
                return ApiErrors.BadRequest(refused);
            }

            // What is on disk now (an edit made with the watch off included); a file with problems renders nothing.
            if (settings.TryReload() is { } problems)
            {
                return Results.Json(new ProblemsAnswer("the settings file has problems: nothing rendered, the last good settings stay", problems.Errors), ApiJsonContext.Default.ProblemsAnswer, statusCode: StatusCodes.Status422UnprocessableEntity);
            }

            if (RenderRequestCheck.RolesProblem(body?.Roles, settings.Current.Roles()) is { } unknown)
            {
                return ApiErrors.BadRequest(unknown);
            }

            var reason = RenderReason.Kept(body?.Reason, "admin API");
            IReadOnlyList<RoleReport> reports;
            try
            {
                reports = await pipeline.RunAsync(settings.Current, reason, body?.Roles);
            }
            catch (Exception ex)
            {
                // /health tells, and what waits for a pass's end (the settings edit's audit record) is recorded.
                history.RecordFailure(ex);
                throw;
            }

            history.Record(reports);
            await audit.RecordAsync(new AuditEntry("render", HttpActor.Get(context), body?.Reason is null ? null : reason, body?.Roles is [var only] ? only : null, RenderSummary.Of(reports)));
            return Results.Json(reports.Select(RoleAnswer.Of), ApiJsonContext.Default.IEnumerableRoleAnswer);
        }).RequireOperatorRole(OperatorRole.Releaser);

        admin.MapPost("/reload", async (HttpContext context, ReloadRequest body, SettingsProvider settings, IConnectionMultiplexer redis, LeaderMetrics metrics, IAuditTrail audit) =>
        {
            var parsed = EventParser.Parse(new ReloadEvent(body.Role ?? string.Empty, body.Components ?? []).ToJson());
            if (parsed.Event is not ReloadEvent reload)
            {
                return ApiErrors.BadRequest(parsed.Error!);
            }

            var receivers = await new EventPublisher(redis, settings.Current.Keys).PublishAsync(reload);
            metrics.EventPublished(ReloadEvent.Type);
            await audit.RecordAsync(new AuditEntry("reload", HttpActor.Get(context), Role: reload.Role, Detail: reload.AllComponents ? "every component" : string.Join(", ", reload.Components)));
            return Results.Json(new ReloadAnswer(reload.Role, reload.Components, receivers), ApiJsonContext.Default.ReloadAnswer);
        }).RequireOperatorRole(OperatorRole.Releaser);

        admin.MapPost("/rollback", async (HttpContext context, RollbackRequest body, SettingsProvider settings, IConnectionMultiplexer redis, IAuditTrail audit) =>
        {
            if (body.Role is null || !settings.Current.Roles().Contains(body.Role) || body.Serial <= 0)
            {
                return ApiErrors.BadRequest("expected { \"role\": <a known role>, \"serial\": <a retained serial> }");
            }

            try
            {
                var result = await new Rollback(redis, settings.Current).RollbackAsync(body.Role, body.Serial);
                await audit.RecordAsync(new AuditEntry("rollback", HttpActor.Get(context), Role: body.Role, Detail: $"serial {body.Serial}'s content as serial {result.Serial}, pinned"));
                return Results.Json(new RollbackAnswer(body.Role, body.Serial, result.Serial, Pinned: true), ApiJsonContext.Default.RollbackAnswer);
            }
            catch (InvalidOperationException ex)
            {
                return ApiErrors.NotFound(ex.Message);
            }
        }).RequireOperatorRole(OperatorRole.Releaser);

        admin.MapPost("/unpin", async (HttpContext context, RollbackRequest body, SettingsProvider settings, IConnectionMultiplexer redis, IAuditTrail audit) =>
        {
            if (body.Role is null || !settings.Current.Roles().Contains(body.Role))
            {
                return ApiErrors.BadRequest("expected { \"role\": <a known role> }");
            }

            var wasPinned = await new Rollback(redis, settings.Current).UnpinAsync(body.Role);
            await audit.RecordAsync(new AuditEntry("unpin", HttpActor.Get(context), Role: body.Role, Detail: wasPinned ? "unpinned" : "was not pinned"));
            return Results.Json(new UnpinAnswer(body.Role, wasPinned), ApiJsonContext.Default.UnpinAnswer);
        }).RequireOperatorRole(OperatorRole.Releaser);

        MapRollout(admin);
        admin.MapPlatform();
    }

    private static void MapRollout(RouteGroupBuilder admin)
    {
        admin.MapGet("/rollout/{role}", async (string role, SettingsProvider settings, IConnectionMultiplexer redis) =>
            settings.Current.Roles().Contains(role)
                ? Results.Json(await RolloutView.ReadAsync(redis, settings.Current, role), ApiJsonContext.Default.RolloutView)
                : ApiErrors.NotFound($"no role '{role}'")).RequireOperatorRole(OperatorRole.Viewer);

        admin.MapPost("/rollout/{role}/{action}", async (HttpContext context, string role, string action, SettingsProvider settings, IConnectionMultiplexer redis, LeaderMetrics metrics, IAuditTrail audit) =>
        {
            if (!settings.Current.Roles().Contains(role) || !RolloutControl.Actions.Contains(action))
            {
                return ApiErrors.BadRequest($"expected /admin/rollout/<a known role>/<{string.Join("|", RolloutControl.Actions)}>");
            }

            try
            {
                var state = await new RolloutControl(redis, observer: metrics).ApplyAsync(settings.Current, role, action);
                await audit.RecordAsync(new AuditEntry($"rollout.{action}", HttpActor.Get(context), Role: role, Detail: $"serial {state.Serial}: {state.Phase}"));
                return Results.Json(new RolloutAnswer(role, action, state.Phase, state.Serial, state.Wave + 1), ApiJsonContext.Default.RolloutAnswer);
            }
            catch (InvalidOperationException ex)
            {
                return ApiErrors.Json(StatusCodes.Status409Conflict, ex.Message);
            }
        }).RequireOperatorRole(OperatorRole.Releaser);
    }

    public sealed record RenderRequest(string[]? Roles, string? Reason);

    public sealed record ReloadRequest(string? Role, string[]? Components);

    public sealed record RollbackRequest(string? Role, long Serial);
}
