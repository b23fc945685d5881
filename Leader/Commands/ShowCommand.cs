using PryvBus.Leader.Rendering;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Shared.Logging;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary>
/// <c>show ROLE [SERIAL] [PATH] [--reveal] [--json]</c>: a version's meta and files, or one file's content.
/// Secret files and secret values are masked unless <c>--reveal</c> (see <see cref="OutputMasking"/>).
/// </summary>
public static class ShowCommand
{
    public static async Task<int> RunAsync(LeaderSettings settings, IConnectionMultiplexer redis, CommandArgs args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var role = CommandRoles.Require(settings, args, 1);
        var hasSerial = long.TryParse(args.Words.ElementAtOrDefault(2), out _);
        var serial = hasSerial ? CommandRoles.Serial(args, 2, required: true) : null;
        var path = args.Words.ElementAtOrDefault(hasSerial ? 3 : 2);
        var version = await new VersionStore(redis, settings.Keys, settings.HistoryLength).ReadAsync(role, serial);
        if (version is null)
        {
            await output.WriteLineAsync(serial is null ? $"role {role} has no version yet" : $"serial {serial} of role {role} is not retained");
            return 1;
        }

        var reveal = args.Has("--reveal");
        return path is null
            ? await ShowVersionAsync(version, args.Has("--json"), output)
            : await ShowFileAsync(version, path, reveal, await OutputMasking.CreateAsync(settings, redis, version.Secrets), args.Has("--json"), output);
    }

    private static async Task<int> ShowVersionAsync(StoredVersion version, bool json, TextWriter output)
    {
        var files = version.Files.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new ShownFileOutput(f.Key, f.Value.Length, version.SecretFiles.Contains(f.Key))).ToArray();
        if (json)
        {
            await CommandJson.WriteAsync(
                output,
                new ShowVersionOutput(
                    version.Role, version.Serial, version.Sha256,
                    version.Meta.GetValueOrDefault(MetaFields.Created), version.Meta.GetValueOrDefault(MetaFields.Reason),
                    files),
                CommandsJsonContext.Default.ShowVersionOutput);
            return 0;
        }

        // The meta is text from Redis: escaped as the log escapes it (the table escapes its cells).
        await output.WriteLineAsync($"role {version.Role}, serial {version.Serial}, created {LogText.Escape(version.Meta.GetValueOrDefault(MetaFields.Created))}");
        await output.WriteLineAsync($"reason: {LogText.Escape(version.Meta.GetValueOrDefault(MetaFields.Reason))}");
        await output.WriteLineAsync($"sha256: {version.Sha256}\n");
        var table = new Table("PATH", "BYTES", "SECRET");
        foreach (var file in files)
        {
            table.Add(file.Path, file.Bytes, file.Secret ? "yes" : string.Empty);
        }

        await output.WriteAsync(table.ToString());
        return 0;
    }

    private static async Task<int> ShowFileAsync(StoredVersion version, string path, bool reveal, OutputMasking masking, bool json, TextWriter output)
    {
        if (!version.Files.TryGetValue(path, out var content))
        {
            await output.WriteLineAsync($"serial {version.Serial} of role {version.Role} has no file {path}");
            return 1;
        }

        var secret = version.SecretFiles.Contains(path);
        var binary = TemplateFiles.IsBinary(content);
        var (text, masked) = masking.Render(path, content, secret, reveal);
        if (json)
        {
            await CommandJson.WriteAsync(
                output, new ShowFileOutput(version.Role, version.Serial, path, secret, binary, masked, text), CommandsJsonContext.Default.ShowFileOutput);
        }
        else
        {
            await output.WriteAsync(text);
            if (!text.EndsWith('\n'))
            {
                await output.WriteLineAsync();
            }
        }

        return 0;
    }
}
