using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Api;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Publishing;
using PryvBus.Leader.Settings;
using PryvBus.Leader.WebConsole.Pages;
using PryvBus.Shared.Events;
using StackExchange.Redis;

namespace PryvBus.Leader.WebConsole;

/// <summary><c>/console/reload</c>: publish a reload event for a role's components (checked by the same parser followers use).</summary>
internal static class ReloadRoutes
{
    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/reload", (HttpContext http, SettingsProvider settings) =>
            ReloadPage.Show(ConsoleView.ContextOf(http), settings.Current.Roles()));

        console.MapPost("/reload", async (HttpContext http, SettingsProvider settings, IConnectionMultiplexer redis, LeaderMetrics metrics, IAuditTrail audit) =>
        {
            var form = await http.Request.ReadFormAsync();
            var role = form["role"].ToString();
            var components = form["components"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var parsed = EventParser.Parse(new ReloadEvent(role, components).ToJson());
            if (parsed.Event is not ReloadEvent reload || !settings.Current.Roles().Contains(role))
            {
                return ConsoleView.Message(http, "Reload", parsed.Error ?? $"no role '{role}'", StatusCodes.Status400BadRequest, "/console/reload");
            }

            var receivers = await new EventPublisher(redis, settings.Current.Keys).PublishAsync(reload);
            metrics.EventPublished(ReloadEvent.Type);
            var what = reload.AllComponents ? "every component" : string.Join(", ", reload.Components);
            await audit.RecordAsync(new AuditEntry("reload", HttpActor.Get(http), null, role, what));
            return ConsoleView.Message(http, "Reload", $"Reload of {what} published to role {role}: {receivers} follower connection(s) received it.", StatusCodes.Status200OK, "/console/reload");
        }).Needs(OperatorRole.Releaser);
    }
}
