using PryvBus.Shared;
using PryvBus.Shared.Settings;

namespace PryvBus.Leader.Settings;

/// <summary>Reads the <c>followers</c> list: <c>{ "id": "core-1", "role": "core", "key": "…" }</c>.</summary>
internal static class FollowersReader
{
    public const int MinKeyLength = 16;

    private const string Shape = "{ id, role, key }";

    public static IReadOnlyList<FollowerEntry> Read(SettingsSection root, IReadOnlyList<string> roles)
    {
        var result = new List<FollowerEntry>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in root.Items("followers", Shape))
        {
            var before = item.Document.Errors.Count;
            var id = item.Text("id", required: true, hint: "lower-case letters, digits, '-' and '_' (it names a Redis key and ACL user)");
            var role = item.Text("role", required: true, hint: "a role name (lower-case letters, digits, '-', '_')");
            var key = item.Credential("key", MinKeyLength, required: true, hint: $"a symmetric key of at least {MinKeyLength} characters");
            if (id is not null && !RedisKeys.IsValidFollowerId(id))
            {
                item.Error("id", $"'{SettingsKeys.Printable(id)}' is not a follower id: lower-case letters, digits, '-' and '_', at most 63");
            }
            else if (id is not null && !ids.Add(id))
            {
                item.Error("id", $"'{id}' is used by another follower");
            }

            if (role is not null && !RedisKeys.IsValidRole(role))
            {
                item.Error("role", $"'{SettingsKeys.Printable(role)}' is not a role name: lower-case letters, digits, '-' and '_', at most 63");
            }
            else if (role is not null && !roles.Contains(role))
            {
                item.Error("role", $"role '{role}' has no template folder (known roles: {string.Join(", ", roles)})");
            }

            if (item.Document.Errors.Count == before)
            {
                result.Add(new FollowerEntry(id!, role!, key!));
            }
        }

        return result;
    }
}
