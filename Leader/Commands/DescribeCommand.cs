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
    public static async Task<int> RunAsync(LeaderSettings settings, CommandArgs args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var renders = ValueUsage.Of(settings).Renders;
        var values = settings.Platform.Values.Select(v => new DescribedValue(
            v.Name,
            v.Sensitive ? "(sensitive: not shown)" : v.Display,
            v.Sensitive,
            v.Description,
            v.Schema?.Summary,
            ValueUsage.Of(renders.Select(r => r.ValuesUsed), v.Name))).ToArray();
        var secretNames = settings.Secrets.Keys.Concat(renders.SelectMany(r => r.SecretsUsed.Keys)).Distinct().Order(StringComparer.Ordinal);
        var secrets = secretNames.Select(name => settings.SecretSpecFor(name)).Select(spec => new DescribedSecret(
            spec.Name,
            spec.Scope == SecretScope.Platform ? "platform" : "role",
            spec.Length,
            spec.Description,
            settings.Secrets.ContainsKey(spec.Name),
            ValueUsage.Of(renders.Select(r => r.SecretsUsed), spec.Name))).ToArray();
        var errors = renders.SelectMany(r => r.Errors).Select(e => e.ToString()).ToArray();

        if (args.Has("--json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new DescribeAnswer(values, secrets, errors), CommandsJsonContext.Default.DescribeAnswer));
            return errors.Length > 0 ? 1 : 0;
        }

        await output.WriteLineAsync($"Platform values ({settings.ConfigPath}):");
        foreach (var v in values)
        {
            await output.WriteLineAsync($"\n  {v.Name} = {v.Value}");
            await output.WriteLineAsync($"    {v.Description ?? "(no description)"}");
            if (v.Constraints is not null)
            {
                await output.WriteLineAsync("    must be: " + v.Constraints);
            }

            await output.WriteLineAsync(v.UsedIn.Length == 0 ? "    used in: (no template)" : "    used in: " + string.Join(", ", v.UsedIn));
        }

        await output.WriteLineAsync($"\nSecrets (generated once, kept in Redis; override with {SecretResolver.EnvironmentPrefix}<NAME>):");
        foreach (var s in secrets)
        {
            await output.WriteLineAsync($"\n  {s.Name}  scope={s.Scope} length={s.Length}{(s.Declared ? string.Empty : " (not declared: defaults)")}");
            if (s.Description is not null)
            {
                await output.WriteLineAsync("    " + s.Description);
            }

            await output.WriteLineAsync(s.UsedIn.Length == 0 ? "    used in: (no template)" : "    used in: " + string.Join(", ", s.UsedIn));
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
