using StackExchange.Redis;

namespace PryvBus.Shared.Settings;

/// <summary>
/// How a one-shot command (the leader's CLI verbs, <c>health</c>, the follower's <c>--health</c>) connects: it fails at
/// once when Redis cannot be reached, after the configuration's <c>connectTimeout</c> when it sets one, else after 5 s
/// (not the client's default, which grows with <c>syncTimeout</c>).
/// </summary>
public static class OneShotConnect
{
    public const int DefaultTimeoutMilliseconds = 5000;

    public static ConfigurationOptions Apply(ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AbortOnConnectFail = true;
        if (!options.ToString(includePassword: false).Contains("connectTimeout=", StringComparison.OrdinalIgnoreCase))
        {
            options.ConnectTimeout = DefaultTimeoutMilliseconds;
        }

        return options;
    }
}
