using System.Globalization;

namespace PryvBus.Follower.Settings;

/// <summary>Resolves a user or group given by name or number to its numeric id (from /etc/passwd, /etc/group).</summary>
internal static class UnixAccounts
{
    public static int? ResolveUser(string nameOrId) => Resolve(nameOrId, "/etc/passwd");

    public static int? ResolveGroup(string nameOrId) => Resolve(nameOrId, "/etc/group");

    private static int? Resolve(string nameOrId, string database)
    {
        if (int.TryParse(nameOrId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        if (!File.Exists(database))
        {
            return null;
        }

        foreach (var line in File.ReadLines(database))
        {
            var fields = line.Split(':');
            if (fields.Length > 2 && fields[0] == nameOrId
                && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var found))
            {
                return found;
            }
        }

        return null;
    }
}
