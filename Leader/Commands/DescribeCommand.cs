using System.Text.Json;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Values;

namespace PryvBus.Leader.Commands;

/// <summary>
/// <c>describe</c>: every platform value with its description, its constraints and the templates that use it, then every
/// secret with its scope and users. Works offline: templates are rendered without Redis and nothing is stored.
/// </summary>
public static class DescribeCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(LeaderSettings settings, CommandArgs args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var renders = ValueUsage.Of(settings).Renders;
        var values = settings.Platform.Values.Select(v => new
        {
            name = v.Name,
            value = v.Sensitive ? "(sensitive: not shown)" : v.Display,
            sensitive = v.Sensitive,
            description = v.Description,
            constraints = v.Schema?.Summary,
            usedIn = ValueUsage.Of(renders.Select(r => r.ValuesUsed), v.Name),
        }).ToArray();
        var secretNames = settings.Secrets.Keys.Concat(renders.SelectMany(r => r.SecretsUsed.Keys)).Distinct().Order(StringComparer.Ordinal);
        var secrets = secretNames.Select(name => settings.SecretSpecFor(name)).Select(spec => new
        {
            name = spec.Name,
            scope = spec.Scope == SecretScope.Platform ? "platform" : "role",
            length = spec.Length,
            description = spec.Description,
            declared = settings.Secrets.ContainsKey(spec.Name),
            usedIn = ValueUsage.Of(renders.Select(r => r.SecretsUsed), spec.Name),
        }).ToArray();
        var errors = renders.SelectMany(r => r.Errors).Select(e => e.ToString()).ToArray();

        if (args.Has("--json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new { values, secrets, errors }, Indented));
            return errors.Length > 0 ? 1 : 0;
        }

        await output.WriteLineAsync($"Platform values ({settings.ConfigPath}):");
        foreach (var v in values)
        {
            await output.WriteLineAsync($"\n  {v.name} = {v.value}");
            await output.WriteLineAsync($"    {v.description ?? "(no description)"}");
            if (v.constraints is not null)
            {
                await output.WriteLineAsync("    must be: " + v.constraints);
            }

            await output.WriteLineAsync(v.usedIn.Length == 0 ? "    used in: (no template)" : "    used in: " + string.Join(", ", v.usedIn));
        }

        await output.WriteLineAsync($"\nSecrets (generated once, kept in Redis; override with {SecretResolver.EnvironmentPrefix}<NAME>):");
        foreach (var s in secrets)
        {
            await output.WriteLineAsync($"\n  {s.name}  scope={s.scope} length={s.length}{(s.declared ? string.Empty : " (not declared: defaults)")}");
            if (s.description is not null)
            {
                await output.WriteLineAsync("    " + s.description);
            }

            await output.WriteLineAsync(s.usedIn.Length == 0 ? "    used in: (no template)" : "    used in: " + string.Join(", ", s.usedIn));
        }

        if (errors.Length > 0)
        {
            await output.WriteLineAsync($"\nTemplate errors ({errors.Length}):");
            foreach (var error in errors)
            {
                await output.WriteLineAsync("  " + error);
            }
        }

        return errors.Length > 0 ? 1 : 0;
    }
}
