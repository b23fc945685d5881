using PryvBus.Shared.Access;
using PryvBus.Shared.Settings;

namespace PryvBus.Follower.Settings;

/// <summary>
/// Reads <c>"redis": { "configuration": "host:port", "user": …, "password": …, "caCertificate": … }</c>;
/// <c>PRYVBUS_REDIS_PASSWORD</c> overrides the password and is checked like it. With a user and no password, the
/// password is derived from the follower's key (<see cref="FollowerAcl.Password"/>; the leader provisions the follower's
/// ACL user that way): the key itself never travels to Redis.
/// </summary>
internal static class FollowerRedisReader
{
    public static RedisSettings? Read(SettingsSection root, string? key, string file)
    {
        var fromEnvironment = root.Document.CredentialVariable(RedisSettings.PasswordVariable, 1);
        var section = root.Section("redis", "{ \"configuration\": \"host:port\", \"user\": …, \"password\": … }", required: true);
        if (section is null)
        {
            return null;
        }

        var configuration = section.Text("configuration", required: true);
        var user = section.Text("user");
        var fromFile = section.Credential("password", 1);
        var password = fromEnvironment ?? fromFile;
        var passwordKey = user is not null && password is null ? key : null;

        var caCertificate = section.Text("caCertificate");
        if (caCertificate is not null && !caCertificate.Any(char.IsControl))
        {
            caCertificate = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? "/", caCertificate));
        }

        if (caCertificate is not null && !File.Exists(caCertificate))
        {
            section.Error("caCertificate", $"file '{SettingsKeys.Printable(caCertificate)}' does not exist (a PEM or DER CA certificate)");
        }

        if (configuration is null)
        {
            return null;
        }

        if (RedisConfigurationText.CredentialError(configuration) is { } credential)
        {
            section.Error("configuration", credential);
            return null;
        }

        try
        {
            _ = StackExchange.Redis.ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException ex)
        {
            section.Error("configuration", ex.Message);
            return null;
        }

        return new RedisSettings { Configuration = configuration, User = user, Password = password, PasswordKey = passwordKey, CaCertificate = caCertificate };
    }
}
