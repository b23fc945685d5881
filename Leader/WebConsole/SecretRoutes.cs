using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Api;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Commands;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Leader.Versions;
using PryvBus.Leader.WebConsole.Pages;
using StackExchange.Redis;

namespace PryvBus.Leader.WebConsole;

/// <summary>
/// <c>/console/secrets</c>: names, scopes, where used (any role); rotate one (admin), record it, then render as
/// <c>secrets rotate</c> does (a render that fails after the rotation: 500, the rotation recorded all the same).
/// </summary>
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
            if (rotated.Count == 0)
            {
                return ConsoleView.Message(http, "Rotate", $"no stored secret named '{name}'", StatusCodes.Status404NotFound, "/console/secrets");
            }

            // Committed: recorded before the render, as the CLI does, so that a pass that fails cannot lose the record.
            var where = string.Join(", ", rotated);
            await audit.RecordAsync(new AuditEntry("secret.rotate", HttpActor.Get(http), null, null, $"{name} rotated in {where}"), CancellationToken.None);
            IReadOnlyList<RoleReport> reports;
            try
            {
                reports = await pipeline.RunAsync(current, $"secret {name} rotated");
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or StateException or StoreDataException)
            {
                // /health tells too; the page says what failed, never with a stack trace.
                history.RecordFailure(ex);
                return ConsoleView.Message(
                    http, "Rotate", $"{name} rotated in {where}; render FAILED ({ex.Message}): the new value is stored and used by the next good render.",
                    StatusCodes.Status500InternalServerError, "/console/secrets");
            }
            catch (Exception ex)
            {
                history.RecordFailure(ex);
                throw;
            }

            history.Record(reports);
            var failed = reports.Where(r => r.Failed).Select(r => r.Role).ToArray();
            return ConsoleView.Message(
                http,
                "Rotate",
                $"{name} rotated in {where}; stored: {string.Join(", ", reports.Where(r => r.Stored).Select(r => $"{r.Role} serial {r.Store!.Serial}"))}"
                + (failed.Length == 0 ? "." : $"; render FAILED for {string.Join(", ", failed)} (the new value is used by the next good render)."),
                StatusCodes.Status200OK,
                "/console/secrets");
        }).Needs(OperatorRole.Admin);
    }
}
