using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Status;
using PryvBus.Leader.WebConsole.Pages;
using StackExchange.Redis;

namespace PryvBus.Leader.WebConsole;

/// <summary><c>/console</c>: the convergence table, then kept current by <c>/console/events/convergence</c> (server-sent events).</summary>
internal static class ConvergenceRoutes
{
    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/", async (HttpContext http, SettingsProvider settings, IConnectionMultiplexer redis, ILogger<ConvergenceReader> logger) =>
        {
            IReadOnlyList<FollowerConvergence> rows;
            try
            {
                rows = await new ConvergenceReader(redis, logger).ReadAsync(settings.Current);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                return ConsoleView.Message(http, "Convergence", "Redis is unreachable: no follower status can be read.", StatusCodes.Status503ServiceUnavailable);
            }

            return ConvergencePage.Show(ConsoleView.ContextOf(http), rows);
        });

        console.MapGet("/events/convergence", (ConvergenceFeed feed, HttpContext http) =>
            TypedResults.ServerSentEvents(feed.StreamAsync(http.RequestAborted), eventType: "convergence"));
    }
}
