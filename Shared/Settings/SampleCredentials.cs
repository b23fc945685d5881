namespace PryvBus.Shared.Settings;

/// <summary>
/// The credentials PryvBus ships as samples (compose/*/config-*/conf/*.json follower keys, compose/redis/users.acl
/// passwords, the docs' examples): public, so they protect nothing. Both programs refuse them unless the operator
/// declares a demo with <c>PRYVBUS_DEMO=1</c> (<c>./pryvbus.sh platform</c> does).
/// </summary>
public static class SampleCredentials
{
    public const string DemoVariable = "PRYVBUS_DEMO";

    /// <summary>Every shipped sample starts so; an operator's own value never should.</summary>
    public const string SamplePrefix = "change-me";

    /// <summary>Sample values that do not follow the prefix rule (none today; keep the docs' examples here).</summary>
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "change-me-leader-password",
        "change-me-ops-password",
    };

    public static bool IsSample(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();
        return trimmed.StartsWith(SamplePrefix, StringComparison.OrdinalIgnoreCase) || Known.Contains(trimmed);
    }

    /// <summary>The message of a refused sample credential (never the value itself).</summary>
    public static string Refusal =>
        $"is a sample credential shipped with PryvBus ('{SamplePrefix}…'), known to anyone: replace it with a value of your own "
        + $"(or set {DemoVariable}=1 to run a throwaway demo with the samples)";
}
