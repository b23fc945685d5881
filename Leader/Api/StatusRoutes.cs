using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Status;
using StackExchange.Redis;

namespace PryvBus.Leader.Api;

/// <summary><c>GET /health</c> (Redis reachable, last render) and <c>GET /status</c> (every declared follower).</summary>
public static class StatusRoutes
{
    public static void MapStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (IConnectionMultiplexer redis, RenderHistory history) =>
        {
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
            return Results.Json(
                new
                {
                    status = healthy ? "ok" : "degraded",
                    redis = redisState,
                    lastRender = last is null ? null : new { at = last.At, ok = last.Ok, failedRoles = last.FailedRoles, error = last.Error },
                },
                statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });

        app.MapGet("/status", async (SettingsProvider settings, IConnectionMultiplexer redis) =>
        {
            var rows = await new ConvergenceReader(redis).ReadAsync(settings.Current);
            return Results.Json(new
            {
                converged = rows.All(r => r.Converged),
                followers = rows.Select(r => new
                {
                    id = r.Id, role = r.Role, applied = r.Applied, current = r.Current, lag = r.Lag,
                    state = r.State, updated = r.Updated, error = r.Error, host = r.Host, converged = r.Converged,
                }),
            });
        });
    }
}
