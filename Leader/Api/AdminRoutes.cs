using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Publishing;
using PryvBus.Leader.Rollout;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Shared.Events;
using StackExchange.Redis;

namespace PryvBus.Leader.Api;

/// <summary>
/// Admin routes, behind the admin key of the settings (none by default: then they answer 403):
/// <c>POST /admin/render</c>, <c>/admin/reload</c>, <c>/admin/rollback</c>, <c>/admin/unpin</c>,
/// <c>GET /admin/rollout/{role}</c>, <c>POST /admin/rollout/{role}/{pause|resume|abort|promote}</c>.
/// </summary>
public static class AdminRoutes
{
    public static void MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter(async (context, next) =>
        {
            var expected = context.HttpContext.RequestServices.GetService(typeof(SettingsProvider)) is SettingsProvider settings
                ? settings.Current.Http.EffectiveAdminKey
                : null;
            var presented = ApiKeys.Presented(context.HttpContext.Request);
            if (expected is null)
            {
                return ApiErrors.Forbidden("the admin API is disabled: set http.adminKey (or PRYVBUS_ADMIN_KEY)");
            }

            if (presented is null)
            {
                return ApiErrors.Unauthorized("present the admin key: Authorization: Bearer <key>");
            }

            var limiter = context.HttpContext.RequestServices.GetRequiredService<KeyAttemptLimiter>();
            if (!limiter.TryAcquire(context.HttpContext))
            {
                return limiter.TooMany(context.HttpContext);
            }

            if (ApiKeys.SameKey(expected, presented))
            {
                limiter.Release(context.HttpContext);
                HttpActor.Set(context.HttpContext, Accounts.Actor.AdminKey);
                return await next(context);
            }

            return ApiErrors.Forbidden("wrong admin key");
        });

        admin.MapPost("/render", async (RenderRequest? body, SettingsProvider settings, PlatformPipeline pipeline, RenderHistory history) =>
        {
            // What is on disk now (an edit made with the watch off included); a file with problems renders nothing.
            if (settings.TryReload() is { } problems)
            {
                return Results.Json(new { error = "the settings file has problems: nothing rendered, the last good settings stay", problems = problems.Errors }, statusCode: StatusCodes.Status422UnprocessableEntity);
            }

            var reports = await pipeline.RunAsync(settings.Current, body?.Reason ?? "admin API", body?.Roles);
            history.Record(reports);
            return Results.Json(reports.Select(r => new
            {
                role = r.Role,
                result = r.Failed ? "failed" : r.PinnedAt is not null ? "pinned" : r.Stored ? "stored" : "unchanged",
                serial = r.Store?.Serial ?? r.PinnedAt,
                errors = r.Render.Errors.Select(e => e.ToString()),
            }));
        });

        admin.MapPost("/reload", async (ReloadRequest body, SettingsProvider settings, IConnectionMultiplexer redis, LeaderMetrics metrics) =>
        {
            var parsed = EventParser.Parse(new ReloadEvent(body.Role ?? string.Empty, body.Components ?? []).ToJson());
            if (parsed.Event is not ReloadEvent reload)
            {
                return ApiErrors.BadRequest(parsed.Error!);
            }

            var receivers = await new EventPublisher(redis, settings.Current.Keys).PublishAsync(reload);
            metrics.EventPublished(ReloadEvent.Type);
            return Results.Json(new { role = reload.Role, components = reload.Components, receivers });
        });

        admin.MapPost("/rollback", async (RollbackRequest body, SettingsProvider settings, IConnectionMultiplexer redis) =>
        {
            if (body.Role is null || !settings.Current.Roles().Contains(body.Role) || body.Serial <= 0)
            {
                return ApiErrors.BadRequest("expected { \"role\": <a known role>, \"serial\": <a retained serial> }");
            }

            try
            {
                var result = await new Rollback(redis, settings.Current).RollbackAsync(body.Role, body.Serial);
                return Results.Json(new { role = body.Role, from = body.Serial, serial = result.Serial, pinned = true });
            }
            catch (InvalidOperationException ex)
            {
                return ApiErrors.NotFound(ex.Message);
            }
        });

        admin.MapPost("/unpin", async (RollbackRequest body, SettingsProvider settings, IConnectionMultiplexer redis) =>
        {
            if (body.Role is null || !settings.Current.Roles().Contains(body.Role))
            {
                return ApiErrors.BadRequest("expected { \"role\": <a known role> }");
            }

            return Results.Json(new { role = body.Role, wasPinned = await new Rollback(redis, settings.Current).UnpinAsync(body.Role) });
        });

        MapRollout(admin);
        admin.MapPlatform();
    }

    private static void MapRollout(RouteGroupBuilder admin)
    {
        admin.MapGet("/rollout/{role}", async (string role, SettingsProvider settings, IConnectionMultiplexer redis) =>
            settings.Current.Roles().Contains(role)
                ? Results.Json(await RolloutView.ReadAsync(redis, settings.Current, role))
                : ApiErrors.NotFound($"no role '{role}'"));

        admin.MapPost("/rollout/{role}/{action}", async (string role, string action, SettingsProvider settings, IConnectionMultiplexer redis, LeaderMetrics metrics) =>
        {
            if (!settings.Current.Roles().Contains(role) || !RolloutControl.Actions.Contains(action))
            {
                return ApiErrors.BadRequest($"expected /admin/rollout/<a known role>/<{string.Join("|", RolloutControl.Actions)}>");
            }

            try
            {
                var state = await new RolloutControl(redis, observer: metrics).ApplyAsync(settings.Current, role, action);
                return Results.Json(new { role, action, phase = state.Phase, serial = state.Serial, wave = state.Wave + 1 });
            }
            catch (InvalidOperationException ex)
            {
                return ApiErrors.Json(StatusCodes.Status409Conflict, ex.Message);
            }
        });
    }

    public sealed record RenderRequest(string[]? Roles, string? Reason);

    public sealed record ReloadRequest(string? Role, string[]? Components);

    public sealed record RollbackRequest(string? Role, long Serial);
}
