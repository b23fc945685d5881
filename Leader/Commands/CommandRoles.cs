using System.Globalization;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Commands;

/// <summary>Positional arguments shared by the version commands: a known role, a serial.</summary>
internal static class CommandRoles
{
    public static string Require(LeaderSettings settings, CommandArgs args, int position)
    {
        var role = args.Words.ElementAtOrDefault(position) ?? throw new UsageException($"{args.Words[0]} needs a ROLE");
        if (!settings.Roles().Contains(role))
        {
            throw new UsageException($"unknown role '{role}' (roles: {string.Join(", ", settings.Roles())})");
        }

        return role;
    }

    public static long? Serial(CommandArgs args, int position, bool required)
    {
        var text = args.Words.ElementAtOrDefault(position);
        if (text is null)
        {
            return required ? throw new UsageException($"{args.Words[0]} needs a SERIAL") : null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var serial) && serial > 0
            ? serial
            : throw new UsageException($"'{text}' is not a serial (a positive whole number)");
    }
}
