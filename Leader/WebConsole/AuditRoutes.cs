using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Leader.WebConsole.Pages;
using StackExchange.Redis;

namespace PryvBus.Leader.WebConsole;

/// <summary>
/// <c>/console/audit</c>: the newest entries of the audit trail (filter by actor, role, action), and on request the
/// chain's verification (the same check as <c>audit verify</c>).
/// </summary>
internal static class AuditRoutes
{
    private const int Shown = 500;

    public static void Map(RouteGroupBuilder console) =>
        console.MapGet("/audit", async (string? actor, string? role, string? action, bool? verify, HttpContext http, SettingsProvider settings, IConnectionMultiplexer redis) =>
        {
            var current = settings.Current;
            var entries = await redis.GetDatabase().StreamRangeAsync(current.Keys.Audit, "-", "+", Shown, Order.Descending);
            var rows = entries.Select(AuditRecord.FromEntry).OfType<AuditRecord>()
                .Where(r => string.IsNullOrEmpty(actor) || r.Actor == actor)
                .Where(r => string.IsNullOrEmpty(role) || r.Role == role || r.ActorRole == role)
                .Where(r => string.IsNullOrEmpty(action) || r.Action == action || r.Action.StartsWith(action + ".", StringComparison.Ordinal))
                .ToArray();
            var verification = verify == true ? await VerifyAsync(current, redis) : null;
            return AuditPage.Show(ConsoleView.ContextOf(http), rows, actor, role, action, verification);
        });

    private static async Task<string> VerifyAsync(LeaderSettings settings, IConnectionMultiplexer redis)
    {
        try
        {
            var key = StateKey.Resolve(settings.StateDirectory, Environment.GetEnvironmentVariable, mayGenerate: false).Audit;
            var result = await new AuditStream(redis.GetDatabase(), settings.Keys).VerifyAsync(new AuditChain(key), AuditWitness.Read(settings.StateDirectory));
            return result.Intact
                ? $"chain intact: {result.Entries} entries"
                : $"chain BROKEN{(result.BadId is null ? string.Empty : " at entry " + result.BadId)} after {result.Entries} good entries: {result.Problem}";
        }
        catch (StateException ex)
        {
            return $"cannot verify: {ex.Message}";
        }
    }
}
