using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary>
/// <c>render</c>: render every role (or --role) now, store what changed and publish it.
/// <c>render --dry-run</c>: show which files of which role would change, as a diff, with secrets masked.
/// </summary>
public static class RenderCommand
{
    public static async Task<int> RunAsync(LeaderSettings settings, IConnectionMultiplexer redis, CommandArgs args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var roles = args.Options("--role");
        var unknown = roles.Except(settings.Roles()).ToArray();
        if (unknown.Length > 0)
        {
            throw new UsageException($"unknown role '{unknown[0]}' (roles: {string.Join(", ", settings.Roles())})");
        }

        var only = roles.Count > 0 ? roles : null;
        var pipeline = new PlatformPipeline(redis, NullLogger<PlatformPipeline>.Instance);
        return args.Has("--dry-run")
            ? await DryRunAsync(settings, redis, pipeline, only, output)
            : await StoreAsync(settings, pipeline, only, args.Option("--reason") ?? "render command", output);
    }

    private static async Task<int> StoreAsync(LeaderSettings settings, PlatformPipeline pipeline, IReadOnlyCollection<string>? only, string reason, TextWriter output)
    {
        var failed = false;
        foreach (var report in await pipeline.RunAsync(settings, reason, only))
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
                var store = report.Store!;
                await output.WriteLineAsync(report.Stored
                    ? $"{report.Role}: stored serial {store.Serial}, published to {report.Receivers} subscriber(s)"
                    : $"{report.Role}: unchanged at serial {store.Serial}");
            }
        }

        return failed ? 1 : 0;
    }

    private static async Task<int> DryRunAsync(
        LeaderSettings settings, IConnectionMultiplexer redis, PlatformPipeline pipeline, IReadOnlyCollection<string>? only, TextWriter output)
    {
        var store = new VersionStore(redis, new RedisKeys(settings.KeyPrefix), settings.HistoryLength);
        var failed = false;
        foreach (var (render, secrets) in await pipeline.PreviewAsync(settings, only))
        {
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
            await output.WriteAsync(Describe(render.Version!, current, secrets));
        }

        return failed ? 1 : 0;
    }

    private static string Describe(RenderedVersion next, StoredVersion? current, SecretResolver secrets)
    {
        var text = new StringBuilder();
        if (current is not null && current.Sha256 == next.Sha256)
        {
            return $"{next.Role}: unchanged (serial {current.Serial})\n";
        }

        var before = current?.Files ?? new Dictionary<string, byte[]>();
        var changed = next.Files.Where(f => !before.TryGetValue(f.Key, out var old) || !old.AsSpan().SequenceEqual(f.Value)).Select(f => f.Key)
            .Concat(before.Keys.Where(k => !next.Files.ContainsKey(k)))
            .Order(StringComparer.Ordinal).ToArray();
        text.Append($"{next.Role}: serial {current?.Serial.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} → new version, {changed.Length} file(s) would change\n");
        foreach (var path in changed)
        {
            AppendFile(text, path, before.GetValueOrDefault(path), next.Files.GetValueOrDefault(path),
                next.SecretFiles.Contains(path) || (current?.SecretFiles.Contains(path) ?? false), secrets);
        }

        return text.ToString();
    }

    private static void AppendFile(StringBuilder text, string path, byte[]? old, byte[]? updated, bool secret, SecretResolver secrets)
    {
        var mark = old is null ? "+" : updated is null ? "-" : "~";
        var kind = old is null ? "new file" : updated is null ? "removed" : "changed";
        if (secret || (old is not null && TemplateFiles.IsBinary(old)) || (updated is not null && TemplateFiles.IsBinary(updated)))
        {
            text.Append($"  {mark} {path} ({kind}; {(secret ? "holds secrets" : "binary")}: content not shown)\n");
            return;
        }

        text.Append($"  {mark} {path} ({kind})\n");
        var lines = LineDiff.Compute(Decode(old), Decode(updated));
        if (lines is null)
        {
            text.Append("      (too large to diff)\n");
            return;
        }

        foreach (var line in lines)
        {
            text.Append("      ").Append(Mask(line, secrets)).Append('\n');
        }
    }

    private static string Decode(byte[]? content) => content is null ? string.Empty : Encoding.UTF8.GetString(content);

    /// <summary>Belt and braces: a secret value that slipped into a non-secret file is still never printed.</summary>
    private static string Mask(string line, SecretResolver secrets)
    {
        foreach (var (name, value) in secrets.Resolved)
        {
            if (value.Length >= 4)
            {
                line = line.Replace(value, $"«secret {name}»", StringComparison.Ordinal);
            }
        }

        return line;
    }
}
