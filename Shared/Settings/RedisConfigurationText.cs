namespace PryvBus.Shared.Settings;

/// <summary>
/// The rule both programs apply to <c>redis.configuration</c>: it holds endpoints and options, never a credential.
/// A <c>password=</c> or <c>user=</c> inside it would skip the checks of <c>redis.password</c> (length, sample) and be
/// printed wherever the configuration is shown, so it is refused at load; <see cref="Redact"/> hides one anyway.
/// </summary>
public static class RedisConfigurationText
{
    /// <summary>Null when the configuration holds no credential; otherwise the error, which never repeats the value.</summary>
    public static string? CredentialError(string configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var names = Options(configuration).Select(o => o.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var password = names.Contains("password");
        var user = names.Contains("user");
        return (password, user) switch
        {
            (true, true) => "must not hold a password or a user (password=…, user=…): put them in redis.password (or PRYVBUS_REDIS_PASSWORD) and redis.user",
            (true, false) => "must not hold a password (password=…): put it in redis.password (or PRYVBUS_REDIS_PASSWORD)",
            (false, true) => "must not hold a user (user=…): put it in redis.user",
            _ => null,
        };
    }

    /// <summary>The configuration with the value of any <c>password=</c> option replaced by <c>***</c>.</summary>
    public static string Redact(string configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return string.Join(',', configuration.Split(',').Select(option =>
            option.Split('=', 2) is [var name, _] && name.Trim().Equals("password", StringComparison.OrdinalIgnoreCase)
                ? name + "=***"
                : option));
    }

    private static IEnumerable<(string Name, string Value)> Options(string configuration) =>
        configuration.Split(',')
            .Select(option => option.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .Select(parts => (parts[0].Trim(), parts[1].Trim()));
}
