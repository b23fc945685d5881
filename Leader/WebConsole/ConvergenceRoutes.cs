using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Status;
using PryvBus.Leader.WebConsole.Pages;
using StackExchange.Redis;

namespace PryvBus.Leader.WebConsole;

/// <summary>
/// <c>/console</c>: the convergence table, then kept current by <c>/console/events/convergence</c> (server-sent events),
/// which ends with its session and of which an operator holds at most <see cref="FeedStreams.PerOperator"/> at once.
/// </summary>
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

        console.MapGet("/events/convergence", IResult (ConvergenceFeed feed, ConsoleSessions sessions, FeedStreams streams, HttpContext http) =>
        {
            // The gate let this request in with a session: the feed checks that same session again while it runs.
            var ticket = ConsoleTicket.Current(http)!;
            var place = streams.TryOpen(ticket.Name);
            if (place is null)
            {
                return ConsoleView.Message(http, "Too many live views", $"At most {FeedStreams.PerOperator} live views per operator at once: close one.", StatusCodes.Status429TooManyRequests, "/console");
            }

            http.Response.RegisterForDispose(place);
            return TypedResults.ServerSentEvents(feed.StreamAsync(() => sessions.Check(ticket) is not null, http.RequestAborted), eventType: "convergence");
        });
    }
}
