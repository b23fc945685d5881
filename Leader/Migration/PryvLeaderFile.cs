using System.Text.Json;

namespace PryvBus.Leader.Migration;

/// <summary>
/// Reads what the import needs from Pryv's <c>config-leader.json</c>: <c>internals</c> (name → key, in order) and
/// <c>followers</c> (Pryv's follower key → url and role). The rest (http, logs, paths, credentials) is Pryv's own.
/// </summary>
internal static class PryvLeaderFile
{
    public sealed record Follower(string Key, string? Url, string Role);

    public static (IReadOnlyList<KeyValuePair<string, object?>> Internals, IReadOnlyList<Follower> Followers) Read(
        string text, string display, ICollection<string> problems)
    {
        var internals = new List<KeyValuePair<string, object?>>();
        var followers = new List<Follower>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            problems.Add($"{display}:{ex.LineNumber + 1}: not JSON: {ex.Message}");
            return (internals, followers);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{display}: expected a JSON object");
                return (internals, followers);
            }

            if (root.TryGetProperty("internals", out var internalsNode) && internalsNode.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in internalsNode.EnumerateObject())
                {
                    internals.Add(new(property.Name, PlainData.Of(property.Value)));
                }
            }

            if (root.TryGetProperty("followers", out var followersNode) && followersNode.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in followersNode.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.Object
                        || !property.Value.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
                    {
                        problems.Add($"{display}: followers.{property.Name}: expected {{ url, role }}");
                        continue;
                    }

                    var url = property.Value.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
                    followers.Add(new Follower(property.Name, url, role.GetString()!));
                }
            }
            else
            {
                problems.Add($"{display}: no 'followers' object");
            }
        }

        return (internals, followers);
    }
}
