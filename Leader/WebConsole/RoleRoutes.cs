using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Api;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Commands;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Values;
using PryvBus.Leader.Versions;
using PryvBus.Leader.WebConsole.Pages;
using PryvBus.Shared;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.WebConsole;

/// <summary>
/// Roles → history → a version's files (secrets masked, never revealed here) → the diff between two serials; roll back
/// (pins the role) and unpin for releasers. An unknown role or serial is a 404 page naming it.
/// </summary>
internal static class RoleRoutes
{
    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/roles", async (HttpContext http, SettingsProvider settings, IConnectionMultiplexer redis) =>
            RolesPage.Show(ConsoleView.ContextOf(http), await RoleReader.SummariesAsync(settings.Current, redis)));

        console.MapGet("/roles/{role}", async (string role, HttpContext http, SettingsProvider settings, IConnectionMultiplexer redis) =>
        {
            if (!settings.Current.Roles().Contains(role))
            {
                return UnknownRole(http, role);
            }

            var (current, pinned, rows) = await RoleReader.HistoryAsync(settings.Current, redis, role);
            return HistoryPage.Show(ConsoleView.ContextOf(http), role, current, pinned, rows);
        });

        console.MapGet("/roles/{role}/{serial:long}", async (string role, long serial, HttpContext http, SettingsProvider settings, IConnectionMultiplexer redis) =>
        {
            var version = settings.Current.Roles().Contains(role) ? await Store(settings, redis).ReadAsync(role, serial) : null;
            if (version is null)
            {
                return NotRetained(http, role, serial);
            }

            var files = version.Files.OrderBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => (f.Key, f.Value.Length, version.SecretFiles.Contains(f.Key))).ToArray();
            return VersionPage.Show(
                ConsoleView.ContextOf(http), role, serial, version.Meta.GetValueOrDefault(MetaFields.Created), version.Meta.GetValueOrDefault(MetaFields.Reason), files);
        });

        console.MapGet("/roles/{role}/{serial:long}/file", async (string role, long serial, string? path, HttpContext http, SettingsProvider settings, IConnectionMultiplexer redis) =>
        {
            var version = settings.Current.Roles().Contains(role) ? await Store(settings, redis).ReadAsync(role, serial) : null;
            if (version is null || path is null || !version.Files.TryGetValue(path, out var content))
            {
                return version is null ? NotRetained(http, role, serial) : ConsoleView.Message(http, "Not found", $"serial {serial} of role {role} has no file '{path}'", StatusCodes.Status404NotFound, $"/console/roles/{role}/{serial}");
            }

            var masking = await OutputMasking.CreateAsync(settings.Current, redis, version.Secrets);
            var (text, masked) = masking.Render(path, content, version.SecretFiles.Contains(path), reveal: false);
            return TextPage.Show(
                ConsoleView.ContextOf(http), $"{role} serial {serial}: {path}", text, $"/console/roles/{role}/{serial}",
                masked ? "Secret values are masked: the console never shows them." : null);
        });

        console.MapGet("/roles/{role}/diff", async (string role, long? from, long? to, HttpContext http, SettingsProvider settings, IConnectionMultiplexer redis) =>
        {
            if (!settings.Current.Roles().Contains(role) || from is null || to is null)
            {
                return ConsoleView.Message(http, "Diff", "expected /console/roles/ROLE/diff?from=SERIAL&to=SERIAL for a known role", StatusCodes.Status400BadRequest, "/console/roles");
            }

            var store = Store(settings, redis);
            var (before, after) = (await store.ReadAsync(role, from.Value), await store.ReadAsync(role, to.Value));
            if (before is null || after is null)
            {
                return NotRetained(http, role, before is null ? from.Value : to.Value);
            }

            var masker = (await OutputMasking.CreateAsync(settings.Current, redis, before.Secrets.Concat(after.Secrets))).Masker;
            var text = FileDiff.Describe(before.Files, after.Files, p => before.SecretFiles.Contains(p) || after.SecretFiles.Contains(p), masker);
            return TextPage.Show(
                ConsoleView.ContextOf(http), $"{role}: serial {from} → {to}", text.Length == 0 ? "(no file changed)" : text, $"/console/roles/{role}",
                "Secret values are masked; files holding secrets are named, not shown.");
        });

        console.MapPost("/roles/{role}/rollback", async (string role, HttpContext http, SettingsProvider settings, IConnectionMultiplexer redis, IAuditTrail audit) =>
        {
            var form = await http.Request.ReadFormAsync();
            if (!settings.Current.Roles().Contains(role) || !long.TryParse(form["serial"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var serial) || serial <= 0)
            {
                return ConsoleView.Message(http, "Roll back", "expected a known role and a retained serial", StatusCodes.Status400BadRequest, "/console/roles");
            }

            try
            {
                var result = await new Rollback(redis, settings.Current).RollbackAsync(role, serial);
                await audit.RecordAsync(new AuditEntry("rollback", HttpActor.Get(http), $"rollback to serial {serial}", role, $"serial {serial} republished as {result.Serial}; role pinned"));
                return Results.Redirect($"/console/roles/{Uri.EscapeDataString(role)}");
            }
            catch (InvalidOperationException ex)
            {
                return ConsoleView.Message(http, "Roll back", ex.Message, StatusCodes.Status404NotFound, $"/console/roles/{role}");
            }
        }).Needs(OperatorRole.Releaser);

        console.MapPost("/roles/{role}/unpin", async (string role, HttpContext http, SettingsProvider settings, IConnectionMultiplexer redis, IAuditTrail audit) =>
        {
            if (!settings.Current.Roles().Contains(role))
            {
                return UnknownRole(http, role);
            }

            if (await new Rollback(redis, settings.Current).UnpinAsync(role))
            {
                await audit.RecordAsync(new AuditEntry("unpin", HttpActor.Get(http), null, role));
            }

            return Results.Redirect($"/console/roles/{Uri.EscapeDataString(role)}");
        }).Needs(OperatorRole.Releaser);
    }

    private static VersionStore Store(SettingsProvider settings, IConnectionMultiplexer redis) =>
        new(redis, settings.Current.Keys, settings.Current.HistoryLength);

    private static IResult UnknownRole(HttpContext http, string role) =>
        ConsoleView.Message(http, "Not found", $"no role '{role}'", StatusCodes.Status404NotFound, "/console/roles");

    private static IResult NotRetained(HttpContext http, string role, long serial) =>
        ConsoleView.Message(http, "Not found", $"serial {serial} of role '{role}' is not retained", StatusCodes.Status404NotFound, "/console/roles");
}
