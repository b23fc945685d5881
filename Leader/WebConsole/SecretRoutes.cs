using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Api;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Commands;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.WebConsole.Pages;
using StackExchange.Redis;

namespace PryvBus.Leader.WebConsole;

/// <summary><c>/console/secrets</c>: names, scopes, where used (any role); rotate one (admin), then render as <c>secrets rotate</c> does.</summary>
internal static class SecretRoutes
{
    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/secrets", async (HttpContext http, SettingsProvider settings, IConnectionMultiplexer redis) =>
            SecretsPage.Show(ConsoleView.ContextOf(http), await SecretListing.ReadAsync(settings.Current, redis, new SecretVault(redis, settings.Current.Keys))));

        console.MapPost("/secrets/{name}/rotate", async (string name, HttpContext http, SettingsProvider settings, IConnectionMultiplexer redis, PlatformPipeline pipeline, RenderHistory history, IAuditTrail audit) =>
        {
            var current = settings.Current;
            var vault = new SecretVault(redis, current.Keys);
            var known = await SecretListing.ReadAsync(current, redis, vault);
            if (known.FirstOrDefault(s => s.Name == name) is not { } secret)
            {
                return ConsoleView.Message(http, "Rotate", $"no stored secret named '{name}'", StatusCodes.Status404NotFound, "/console/secrets");
            }

            if (secret.Overridden)
            {
                return ConsoleView.Message(http, "Rotate", $"{name} is set by {SecretResolver.EnvironmentPrefix}{name} on the leader: change that variable instead.", StatusCodes.Status409Conflict, "/console/secrets");
            }

            var rotated = await vault.RotateAsync(current, name, current.Roles());
            var reports = await pipeline.RunAsync(current, $"secret {name} rotated");
            history.Record(reports);
            await audit.RecordAsync(new AuditEntry("secret.rotate", HttpActor.Get(http), null, null, $"{name} rotated in {string.Join(", ", rotated)}"));
            var failed = reports.Where(r => r.Failed).Select(r => r.Role).ToArray();
            return ConsoleView.Message(
                http,
                "Rotate",
                $"{name} rotated in {string.Join(", ", rotated)}; stored: {string.Join(", ", reports.Where(r => r.Stored).Select(r => $"{r.Role} serial {r.Store!.Serial}"))}"
                + (failed.Length == 0 ? "." : $"; render FAILED for {string.Join(", ", failed)} (the new value is used by the next good render)."),
                StatusCodes.Status200OK,
                "/console/secrets");
        }).Needs(OperatorRole.Admin);
    }
}
