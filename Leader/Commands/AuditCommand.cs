using System.Globalization;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary>
/// <c>audit [--actor A] [--role R] [--action X] [--since T] [--until T] [--json]</c>: the audit trail, oldest first
/// (<c>--role</c> matches the role acted on or the operator's role; times are ISO 8601 or relative: <c>30m</c>, <c>2h</c>,
/// <c>7d</c>). <c>audit verify</c>: exit 0 and "chain intact: N entries", or exit 1 naming the first bad entry.
/// </summary>
public static class AuditCommand
{
    public static async Task<int> RunAsync(LeaderSettings settings, IConnectionMultiplexer redis, CommandArgs args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var stream = new AuditStream(redis.GetDatabase(), settings.Keys);
        if (args.Words.ElementAtOrDefault(1) == "verify")
        {
            var key = StateKey.Resolve(settings.StateDirectory, Environment.GetEnvironmentVariable, mayGenerate: false).Audit;
            var result = await stream.VerifyAsync(new AuditChain(key), AuditWitness.Read(settings.StateDirectory));
            if (args.Has("--json"))
            {
                await CommandJson.WriteAsync(
                    output, new AuditVerifyOutput(result.Intact, result.Entries, result.BadId, result.Problem), CommandsJsonContext.Default.AuditVerifyOutput);
            }
            else
            {
                await output.WriteLineAsync(result.Intact
                    ? $"chain intact: {result.Entries} entries"
                    : $"chain BROKEN{(result.BadId is null ? string.Empty : " at entry " + result.BadId)} after {result.Entries} good entries: {result.Problem}");
            }

            return result.Intact ? 0 : 1;
        }

        var now = DateTimeOffset.UtcNow;
        var since = When(args.Option("--since"), "--since", now);
        var until = When(args.Option("--until"), "--until", now);
        var actor = args.Option("--actor");
        var role = args.Option("--role");
        var action = args.Option("--action");
        var rows = (await stream.ReadAllAsync()).Select(e => e.Record).OfType<AuditRecord>()
            .Where(r => actor is null || r.Actor == actor)
            .Where(r => role is null || r.Role == role || r.ActorRole == role)
            .Where(r => action is null || r.Action == action || r.Action.StartsWith(action + ".", StringComparison.Ordinal))
            .Where(r => since is null || At(r) >= since)
            .Where(r => until is null || At(r) <= until)
            .ToArray();
        if (args.Has("--json"))
        {
            await CommandJson.WriteAsync(
                output,
                rows.Select(r => new AuditEntryOutput(r.Id, r.Seq, r.Time, r.Actor, r.ActorRole, r.Source, r.Action, r.Reason, r.Role, r.Detail)),
                CommandsJsonContext.Default.IEnumerableAuditEntryOutput);
            return 0;
        }

        var table = new Table("SEQ", "TIME", "ACTOR", "AS", "VIA", "ACTION", "ROLE", "REASON", "DETAIL");
        foreach (var r in rows)
        {
            table.Add(r.Seq, r.Time, r.Actor, r.ActorRole, r.Source, r.Action, r.Role, r.Reason, Line(r.Detail));
        }

        await output.WriteAsync(rows.Length == 0 ? "No audit entries match.\n" : table.ToString());
        return 0;
    }

    private static DateTimeOffset? At(AuditRecord record) =>
        DateTimeOffset.TryParse(record.Time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    // The table escapes what Redis holds (terminal escapes, line breaks), the cut included.
    private static string? Line(string? detail) =>
        detail is null ? null : detail.Length > 80 ? string.Concat(detail.AsSpan(0, 79), "…") : detail;

    internal static DateTimeOffset? When(string? text, string option, DateTimeOffset now)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length > 1 && long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount <= 1_000_000)
        {
            switch (text[^1])
            {
                case 'm': return now.AddMinutes(-amount);
                case 'h': return now.AddHours(-amount);
                case 'd': return now.AddDays(-amount);
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw new UsageException($"{option} '{text}' is not a time (ISO 8601 such as 2026-11-30T08:00Z, or 30m, 2h, 7d ago)");
    }
}
