using System.Text.Json;
using System.Text.RegularExpressions;
using PryvBus.Shared.Logging;

namespace PryvBus.Shared.Events;

/// <summary>
/// Parses a message of the events channel: a JSON object (<c>{"type":"config",…}</c>,
/// <c>{"type":"reload",…}</c>) or the plain text <c>reload ROLE [COMPONENT...]</c> typed in redis-cli.
/// Never throws on input: anything else is an <see cref="EventParseResult"/> with an error, whose text is safe to log
/// (what it quotes of the message is escaped, see <see cref="LogText"/>).
/// </summary>
public static partial class EventParser
{
    private const int MaxMessageLength = 64 * 1024;

    public static EventParseResult Parse(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return EventParseResult.Invalid("empty message");
        }

        if (message.Length > MaxMessageLength)
        {
            return EventParseResult.Invalid($"message of {message.Length} characters is longer than {MaxMessageLength}");
        }

        var trimmed = message.Trim();
        return trimmed[0] is '{' or '[' or '"' ? ParseJson(trimmed) : ParsePlainText(trimmed);
    }

    private static EventParseResult ParsePlainText(string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (!string.Equals(words[0], ReloadEvent.Type, StringComparison.OrdinalIgnoreCase))
        {
            return EventParseResult.Invalid($"unknown plain-text command '{Shorten(words[0])}' (expected 'reload ROLE [COMPONENT...]')");
        }

        if (words.Length < 2)
        {
            return EventParseResult.Invalid("'reload' needs a role: reload ROLE [COMPONENT...]");
        }

        return Reload(words[1], words[2..]);
    }

    private static EventParseResult ParseJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return EventParseResult.Invalid("a JSON event must be an object");
            }

            return String(root, "type") switch
            {
                ConfigEvent.Type => ParseConfig(root),
                ReloadEvent.Type => ParseReload(root),
                RolloutEvent.Type => ParseRollout(root),
                null => EventParseResult.Invalid("missing string field 'type'"),
                var other => EventParseResult.Invalid($"unknown event type '{Shorten(other)}'"),
            };
        }
        catch (JsonException ex)
        {
            return EventParseResult.Invalid($"invalid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}");
        }
        catch (ArgumentException)
        {
            // A lone UTF-16 surrogate cannot be transcoded to UTF-8 (found by the property tests).
            return EventParseResult.Invalid("invalid JSON: the message is not valid Unicode text");
        }
    }

    private static EventParseResult ParseConfig(JsonElement root)
    {
        var role = String(root, "role");
        if (!RedisKeys.IsValidRole(role))
        {
            return EventParseResult.Invalid("config event: 'role' must be a role name");
        }

        if (!root.TryGetProperty("serial", out var serialElement)
            || serialElement.ValueKind != JsonValueKind.Number
            || !serialElement.TryGetInt64(out var serial)
            || serial <= 0)
        {
            return EventParseResult.Invalid("config event: 'serial' must be a positive integer");
        }

        var sha = String(root, "sha256");
        if (sha is null || !Sha256Pattern().IsMatch(sha))
        {
            return EventParseResult.Invalid("config event: 'sha256' must be 64 hexadecimal characters");
        }

        if (!root.TryGetProperty("base", out _) && !root.TryGetProperty("changed", out _) && !root.TryGetProperty("removed", out _))
        {
            return EventParseResult.Ok(new ConfigEvent(role!, serial, sha.ToLowerInvariant()));
        }

        var delta = ConfigDeltaParser.Parse(root, out var problem);
        return delta is null
            ? EventParseResult.Invalid("config event: " + problem)
            : EventParseResult.Ok(new ConfigEvent(role!, serial, sha.ToLowerInvariant()) { Delta = delta });
    }

    /// <summary>A rollout event: only its role is checked (followers ignore it; they read their admission key).</summary>
    private static EventParseResult ParseRollout(JsonElement root)
    {
        var role = String(root, "role");
        return RedisKeys.IsValidRole(role)
            ? EventParseResult.Ok(new RolloutEvent(role!, 0, string.Empty, string.Empty, 0, string.Empty))
            : EventParseResult.Invalid("rollout event: 'role' must be a role name");
    }

    private static EventParseResult ParseReload(JsonElement root)
    {
        var role = String(root, "role");
        if (role is null)
        {
            return EventParseResult.Invalid("reload event: missing string field 'role'");
        }

        var components = new List<string>();
        if (root.TryGetProperty("components", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                return EventParseResult.Invalid("reload event: 'components' must be an array of names");
            }

            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    return EventParseResult.Invalid("reload event: 'components' must be an array of names");
                }

                components.Add(item.GetString()!);
            }
        }

        return Reload(role, components);
    }

    private static EventParseResult Reload(string role, IReadOnlyList<string> components)
    {
        if (role != BusEvent.AllRoles && !RedisKeys.IsValidRole(role))
        {
            return EventParseResult.Invalid($"reload: '{Shorten(role)}' is not a role name (or '*')");
        }

        foreach (var component in components)
        {
            if (!ComponentPattern().IsMatch(component))
            {
                return EventParseResult.Invalid($"reload: '{Shorten(component)}' is not a component name");
            }
        }

        return EventParseResult.Ok(new ReloadEvent(role, components.Distinct(StringComparer.Ordinal).ToArray()));
    }

    internal static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Text of the message echoed in an error, which the follower logs: cut short and escaped.</summary>
    internal static string Shorten(string value) => LogText.Escape(value.Length <= 40 ? value : value[..40]) + (value.Length <= 40 ? string.Empty : "…");

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    internal static partial Regex Sha256Pattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex ComponentPattern();
}
