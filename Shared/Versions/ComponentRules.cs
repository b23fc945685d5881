using System.Globalization;
using System.Text.RegularExpressions;

namespace PryvBus.Shared.Versions;

/// <summary>
/// The bounds of a <c>components</c> declaration, applied by the leader's settings reader and by the follower to the
/// signed meta field (<see cref="ComponentsField"/>): names, signals from an allow-list, command arrays of bounded strings.
/// </summary>
public static partial class ComponentRules
{
    public const int MaxComponents = 64;
    public const int MaxArguments = 32;
    public const int MaxArgumentLength = 1024;
    public const int MinTimeoutSeconds = 1;
    public const int MaxTimeoutSeconds = 600;
    public const int DefaultReloadTimeoutSeconds = 10;
    public const int DefaultCheckTimeoutSeconds = 30;
    public const int DefaultProbeTimeoutSeconds = 5;
    public const int DefaultHealthWindowSeconds = 60;
    public const int DefaultSoakSeconds = 10;
    public const int MaxHealthSeconds = 3600;
    public const int MaxUrlLength = 1024;

    /// <summary>The largest meta field the follower reads (bytes of UTF-8 JSON).</summary>
    public const int MaxFieldLength = 64 * 1024;

    /// <summary>Signals a reload may send: those daemons use to reload or reopen, never KILL or STOP.</summary>
    public static IReadOnlyList<string> Signals { get; } = ["HUP", "USR1", "USR2", "WINCH", "QUIT", "INT", "TERM"];

    /// <summary>What is wrong with a component name; null when it is acceptable (a top-level folder name of a role).</summary>
    public static string? NameProblem(string? name) =>
        name is not null && NamePattern().IsMatch(name) && name != "pryv.yml"
            ? null
            : "a component name is a role's top-level folder: letters, digits, '.', '-', '_', at most 63, not starting with '.'";

    public static string? SignalProblem(string? signal) =>
        signal is not null && Signals.Contains(signal, StringComparer.Ordinal)
            ? null
            : "must be one of " + string.Join(", ", Signals);

    public static string? TimeoutProblem(long seconds) =>
        seconds is >= MinTimeoutSeconds and <= MaxTimeoutSeconds
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"must be between {MinTimeoutSeconds} and {MaxTimeoutSeconds} seconds");

    /// <summary>What is wrong with a health window (1 s to an hour) or soak time (0 to an hour); null when acceptable.</summary>
    public static string? HealthSecondsProblem(long seconds, int min) =>
        seconds >= min && seconds <= MaxHealthSeconds
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {MaxHealthSeconds} seconds");

    /// <summary>
    /// What is wrong with a probe URL; null when it is an absolute <c>http://</c> URL on a loopback host
    /// (<c>localhost</c>, 127.0.0.0/8, ::1), without user information: a probe never reaches another machine.
    /// </summary>
    public static string? ProbeUrlProblem(string? url)
    {
        if (url is null || url.Length > MaxUrlLength || url.Any(char.IsControl)
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.UserInfo.Length > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"must be an http:// URL of at most {MaxUrlLength} characters, without user information");
        }

        var loopback = string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));
        return loopback ? null : "must name a loopback host (localhost, 127.0.0.1, [::1]): a probe never leaves the machine";
    }

    /// <summary>What is wrong with a command array; null when it is acceptable.</summary>
    public static string? CommandProblem(IReadOnlyList<string>? command)
    {
        if (command is null || command.Count == 0)
        {
            return "must be a non-empty array of strings";
        }

        if (command.Count > MaxArguments)
        {
            return string.Create(CultureInfo.InvariantCulture, $"has more than {MaxArguments} arguments");
        }

        if (command[0].Length == 0)
        {
            return "must start with a program name";
        }

        var bad = command.FirstOrDefault(a => a.Length > MaxArgumentLength || a.Any(char.IsControl));
        return bad is null
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"has an argument longer than {MaxArgumentLength} characters or holding a control character");
    }

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex NamePattern();
}
