using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Values;
using PryvBus.Shared.Settings;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary>
/// <c>set NAME VALUE --reason TEXT [--dry-run] [--json-value] [--json]</c>: changes a platform value in config-leader.json
/// itself (comments and descriptions kept, checked like the file, written atomically), then renders like <c>render</c>.
/// <c>--dry-run</c> shows the diff per role (secrets and sensitive values masked) and writes nothing.
/// Exit 0 done, 1 not written (the file changed meanwhile) or a role failed to render, 2 refused (unknown value, invalid value).
/// </summary>
public static class SetCommand
{
    public static async Task<int> RunAsync(LeaderSettings settings, IConnectionMultiplexer redis, CommandArgs args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var name = args.Words.ElementAtOrDefault(1) ?? throw new UsageException("set needs a NAME and a VALUE");
        var text = args.Words.ElementAtOrDefault(2) ?? throw new UsageException("set needs a VALUE after the NAME (JSON, or else a string)");
        var value = ValueInput.Parse(text, args.Has("--json-value"))
            ?? throw new UsageException("--json-value: VALUE is not JSON (quote a string as JSON: '\"text\"')");
        var reason = args.Option("--reason");
        if (ValueRequest.ReasonProblem(reason) is { } problem)
        {
            throw new UsageException("--reason: " + problem);
        }

        // The same chained audit stream the service records into.
        var audit = CliAudit.For(settings, redis);
        using var service = new ValueService(settings.ConfigPath, settings.StateDirectory, SettingsEnvironment.Process, new PlatformPipeline(redis, NullLogger<PlatformPipeline>.Instance), redis, audit);
        var outcome = await service.SetAsync(new ValueRequest(name, value, reason!.Trim(), args.Has("--dry-run")), Actor.Cli());
        switch (outcome.Kind)
        {
            case ValueOutcomeKind.NotFound:
                throw new UsageException(outcome.Message);
            case ValueOutcomeKind.Invalid:
                throw new SettingsException([outcome.Message, .. outcome.Problems]);
            case ValueOutcomeKind.Stale:
                await output.WriteLineAsync(outcome.Message);
                return 1;
        }

        if (args.Has("--json"))
        {
            await CommandJson.WriteAsync(
                output,
                new SetOutput(
                    outcome.Kind == ValueOutcomeKind.DryRun, outcome.Change, outcome.ETag, outcome.RenderProblem,
                    outcome.Previews.Select(p => new SetPreviewOutput(p.Role, p.Failed, p.Errors, p.CurrentSerial, p.Changed)),
                    outcome.Reports.Select(r => new SetRoleOutput(r.Role, r.Failed, r.Stored, r.Store?.Serial, r.PinnedAt, r.Render.Errors))),
                CommandsJsonContext.Default.SetOutput);
            return Failed(outcome) ? 1 : 0;
        }

        await output.WriteLineAsync(outcome.Kind == ValueOutcomeKind.DryRun
            ? $"{outcome.Change} (dry run: nothing written)"
            : $"{outcome.Change}: written to {settings.ConfigPath}");
        foreach (var preview in outcome.Previews)
        {
            await output.WriteAsync(Describe(preview));
        }

        foreach (var report in outcome.Reports)
        {
            await output.WriteLineAsync(report.Failed
                ? $"{report.Role}: FAILED, current version kept ({report.Render.Errors.Count} error(s))\n  " + string.Join("\n  ", report.Render.Errors)
                : report.PinnedAt is { } pinned ? $"{report.Role}: pinned at serial {pinned} by a rollback, not stored (pryvbus-leader unpin {report.Role})"
                : report.Stored ? $"{report.Role}: stored serial {report.Store!.Serial}, published to {report.Receivers} subscriber(s)"
                : $"{report.Role}: unchanged at serial {report.Store!.Serial}");
        }

        if (outcome.RenderProblem is not null)
        {
            await output.WriteLineAsync($"not rendered yet: {outcome.RenderProblem} (the leader renders it at its next check)");
        }

        return Failed(outcome) ? 1 : 0;
    }

    private static bool Failed(ValueOutcome outcome) =>
        outcome.RenderProblem is not null || outcome.Reports.Any(r => r.Failed) || outcome.Previews.Any(p => p.Failed);

    private static string Describe(RolePreview preview) =>
        preview.Failed ? $"{preview.Role}: render FAILED ({preview.Errors.Count} error(s)); nothing would change\n  " + string.Join("\n  ", preview.Errors) + "\n"
        : preview.Changed.Count == 0 ? $"{preview.Role}: unchanged (serial {preview.CurrentSerial})\n"
        : $"{preview.Role}: serial {(preview.CurrentSerial?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)")} → new version, {preview.Changed.Count} file(s) would change\n" + preview.Diff;
}
