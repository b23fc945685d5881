using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Values;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary>
/// <c>render</c>: render every role (or --role) now, store what changed and publish it; <c>--reason</c> is checked as
/// <c>POST /admin/render</c> checks its reason (<see cref="RenderReason"/>), refused before anything is rendered.
/// <c>render --dry-run</c>: show which files of which role would change, as a diff, with secrets masked.
/// </summary>
public static class RenderCommand
{
    public static async Task<int> RunAsync(LeaderSettings settings, IConnectionMultiplexer redis, CommandArgs args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var reason = args.Option("--reason");
        if (RenderReason.Problem(reason) is { } problem)
        {
            throw new UsageException("--reason: " + problem);
        }

        var roles = args.Options("--role");
        var unknown = roles.Except(settings.Roles()).ToArray();
        if (unknown.Length > 0)
        {
            throw new UsageException($"unknown role '{unknown[0]}' (roles: {string.Join(", ", settings.Roles())})");
        }

        var only = roles.Count > 0 ? roles : null;
        var pipeline = new PlatformPipeline(redis, NullLogger<PlatformPipeline>.Instance);
        var json = args.Has("--json");
        return args.Has("--dry-run")
            ? await DryRunAsync(settings, redis, pipeline, only, json, output)
            : await StoreAsync(settings, redis, pipeline, only, RenderReason.Kept(reason, "render command"), json, output);
    }

    private static async Task<int> StoreAsync(
        LeaderSettings settings, IConnectionMultiplexer redis, PlatformPipeline pipeline, IReadOnlyCollection<string>? only, string reason, bool json, TextWriter output)
    {
        var reports = await pipeline.RunAsync(settings, reason, only);
        await CliAudit.For(settings, redis).RecordAsync(new Audit.AuditEntry("render", Accounts.Actor.Cli(), reason, only?.Count == 1 ? only.First() : null, Audit.RenderSummary.Of(reports)));
        if (json)
        {
            await CommandJson.WriteAsync(
                output,
                reports.Select(r => new RenderRoleOutput(r.Role, r.Failed, r.Stored, r.Store?.Serial, r.PinnedAt, r.Receivers, r.Render.Errors)),
                CommandsJsonContext.Default.IEnumerableRenderRoleOutput);
            return reports.Any(r => r.Failed) ? 1 : 0;
        }

        var failed = false;
        foreach (var report in reports)
        {
            if (report.Failed)
            {
                failed = true;
                await output.WriteLineAsync($"{report.Role}: FAILED, current version kept ({report.Render.Errors.Count} error(s))");
                foreach (var error in report.Render.Errors)
                {
                    await output.WriteLineAsync("  " + error);
                }
            }
            else
            {
                await output.WriteLineAsync(report.PinnedAt is { } pinned
                    ? report.Stored
                        ? $"{report.Role}: pinned content stored again as serial {pinned} (the pin moved), published to {report.Receivers} subscriber(s)"
                        : $"{report.Role}: pinned at serial {pinned} by a rollback, not stored (pryvbus-leader unpin {report.Role})"
                    : report.Stored
                        ? $"{report.Role}: stored serial {report.Store!.Serial}, published to {report.Receivers} subscriber(s)"
                        : $"{report.Role}: unchanged at serial {report.Store!.Serial}");
            }
        }

        return failed ? 1 : 0;
    }

    private static async Task<int> DryRunAsync(
        LeaderSettings settings, IConnectionMultiplexer redis, PlatformPipeline pipeline, IReadOnlyCollection<string>? only, bool json, TextWriter output)
    {
        var store = new VersionStore(redis, settings.Keys, settings.HistoryLength);
        var failed = false;
        var rows = new List<DryRunRoleOutput>();
        foreach (var (render, secrets) in await pipeline.PreviewAsync(settings, only))
        {
            if (json)
            {
                // Paths and counts only: content (even masked) stays in the text form.
                var now = render.Succeeded ? await store.ReadAsync(render.Role) : null;
                var paths = render.Succeeded && now?.Sha256 != render.Version!.Sha256
                    ? FileDiff.ChangedPaths(now?.Files ?? new Dictionary<string, byte[]>(), render.Version!.Files)
                    : [];
                failed |= !render.Succeeded;
                rows.Add(new DryRunRoleOutput(render.Role, !render.Succeeded, render.Errors, now?.Serial, paths.Count, paths));
                continue;
            }

            if (!render.Succeeded)
            {
                failed = true;
                await output.WriteLineAsync($"{render.Role}: render FAILED ({render.Errors.Count} error(s)); nothing would change");
                foreach (var error in render.Errors)
                {
                    await output.WriteLineAsync("  " + error);
                }

                continue;
            }

            var current = await store.ReadAsync(render.Role);
            await output.WriteAsync(Describe(render.Version!, current, secrets, settings.Platform));
        }

        if (json)
        {
            await CommandJson.WriteAsync(output, rows, CommandsJsonContext.Default.IEnumerableDryRunRoleOutput);
        }

        return failed ? 1 : 0;
    }

    private static string Describe(RenderedVersion next, StoredVersion? current, SecretResolver secrets, IReadOnlyDictionary<string, PlatformValue> platform)
    {
        if (current is not null && current.Sha256 == next.Sha256)
        {
            return $"{next.Role}: unchanged (serial {current.Serial})\n";
        }

        var before = current?.Files ?? new Dictionary<string, byte[]>();
        var changed = FileDiff.ChangedPaths(before, next.Files);
        var masker = SensitiveValues.Masker(platform, secrets.Resolved.Select(s => (s.Key, s.Value)));
        var serial = current?.Serial.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)";
        return $"{next.Role}: serial {serial} → new version, {changed.Count} file(s) would change\n"
            + FileDiff.Describe(before, next.Files, path => next.SecretFiles.Contains(path) || (current?.SecretFiles.Contains(path) ?? false), masker);
    }
}
