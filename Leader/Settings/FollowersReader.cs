using System.Text.Json;
using PryvBus.Shared;

namespace PryvBus.Leader.Settings;

/// <summary>Reads the <c>followers</c> list: <c>{ "id": "core-1", "role": "core", "key": "…" }</c>.</summary>
internal static class FollowersReader
{
    public const int MinKeyLength = 16;

    public static IReadOnlyList<FollowerEntry> Read(JsonElement root, SettingsErrors errors, IReadOnlyList<string> roles)
    {
        var result = new List<FollowerEntry>();
        if (!root.TryGetProperty("followers", out var followers))
        {
            return result;
        }

        if (followers.ValueKind != JsonValueKind.Array)
        {
            errors.Add("followers", "must be an array of { id, role, key }");
            return result;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in followers.EnumerateArray())
        {
            var key = $"followers[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(key, "must be an object { id, role, key }");
                continue;
            }

            var before = errors.Count;
            var id = SettingsLoader.OptionalString(item, "id", errors, key + ".");
            var role = SettingsLoader.OptionalString(item, "role", errors, key + ".");
            var secretKey = SettingsLoader.OptionalString(item, "key", errors, key + ".");
            if (!RedisKeys.IsValidFollowerId(id))
            {
                errors.Add(key + ".id", "is required: lower-case letters, digits, '-' and '_' (it names a Redis key and ACL user)");
            }
            else if (!ids.Add(id!))
            {
                errors.Add(key + ".id", $"'{id}' is used by another follower");
            }

            if (!RedisKeys.IsValidRole(role))
            {
                errors.Add(key + ".role", "is required: a role name (lower-case letters, digits, '-', '_')");
            }
            else if (!roles.Contains(role!))
            {
                errors.Add(key + ".role", $"role '{role}' has no template folder (known roles: {string.Join(", ", roles)})");
            }

            if (secretKey is null || secretKey.Length < MinKeyLength)
            {
                errors.Add(key + ".key", $"is required: a symmetric key of at least {MinKeyLength} characters");
            }

            if (errors.Count == before)
            {
                result.Add(new FollowerEntry(id!, role!, secretKey!));
            }
        }

        return result;
    }
}
