using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Status;
using StackExchange.Redis;

namespace PryvBus.Leader.Api;

/// <summary>
/// <c>GET /health</c>: without a key, liveness only (<c>{"status":"ok"}</c> with 200, or <c>degraded</c> with 503);
/// with the status or admin key, the details (Redis reachable, last render and its error). <c>GET /status</c> (every
/// declared follower, with ids, hosts and errors) always needs the key. See <see cref="ReadAccess"/>.
/// </summary>
public static class StatusRoutes
{
    public static void MapStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (HttpContext context, SettingsProvider settings, KeyAttemptLimiter limiter, IConnectionMultiplexer redis, RenderHistory history) =>
        {
            var detailed = ApiKeys.Presented(context.Request) is not null;
            if (detailed && await ReadAccess.CheckAsync(context, settings.Current.Http, limiter) is { } refusal)
            {
                return refusal;
            }

            string redisState;
            try
            {
                await redis.GetDatabase().PingAsync();
                redisState = "ok";
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                redisState = "unreachable";
            }

            var last = history.Last;
            var healthy = redisState == "ok" && last is { Ok: true };
            if (!detailed)
            {
                return Results.Json(new HealthAnswer(healthy ? "ok" : "degraded"), ApiJsonContext.Default.HealthAnswer, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
            }

            return Results.Json(
                new DetailedHealthAnswer(
                    healthy ? "ok" : "degraded",
                    redisState,
                    last is null ? null : new LastRenderAnswer(last.At, last.Ok, last.FailedRoles, last.Error)),
                ApiJsonContext.Default.DetailedHealthAnswer,
                statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });

        app.MapGet("/status", async (HttpContext context, SettingsProvider settings, KeyAttemptLimiter limiter, IConnectionMultiplexer redis, ILogger<ConvergenceReader> logger) =>
        {
            if (await ReadAccess.CheckAsync(context, settings.Current.Http, limiter) is { } refusal)
            {
                return refusal;
            }

            var rows = await new ConvergenceReader(redis, logger).ReadAsync(settings.Current);
            return Results.Json(new StatusAnswer(rows.All(r => r.Converged), rows.Select(FollowerAnswer.Of)), ApiJsonContext.Default.StatusAnswer);
        });
    }
}
