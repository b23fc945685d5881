namespace PryvBus.Leader.Settings;

/// <summary>
/// The leader's HTTP API: where it listens (loopback by default) and the admin key of its admin routes
/// (none by default: admin routes answer 403 until one is set), the read key of <c>/status</c>, <c>/metrics</c> and the
/// details of <c>/health</c> (the admin key reads them too), and how many failed key attempts one client may make per
/// window before it gets 429, and the proxies trusted to name the client. <see cref="AdminKey"/> is the key in force: the loader resolves <c>PRYVBUS_ADMIN_KEY</c>
/// (which wins over the file) and validates both at load time.
/// </summary>
public sealed record HttpSettings(
    bool Enabled, IReadOnlyList<string> Urls, string? AdminKey, string? StatusKey = null, int FailedKeyLimit = 10, int FailedKeyWindowSeconds = 60)
{
    public const string AdminKeyVariable = "PRYVBUS_ADMIN_KEY";
    public const int MinAdminKeyLength = 16;

    public static HttpSettings Default { get; } = new(true, ["http://127.0.0.1:7070"], null);

    /// <summary>
    /// Peers whose <c>X-Forwarded-For</c> names the client for the failed-key limiter (<c>http.trustedProxies</c>);
    /// none by default: the header is ignored and every client is the address it connects from.
    /// </summary>
    public IReadOnlyList<System.Net.IPNetwork> TrustedProxies { get; init; } = [];

    /// <summary>The key in force (the environment's, resolved at load time); kept for callers of the old name.</summary>
    public string? EffectiveAdminKey => AdminKey;

    /// <summary>Never print the key.</summary>
    public override string ToString() =>
        $"{(Enabled ? string.Join(", ", Urls) : "disabled")}{(AdminKey is null ? string.Empty : ", admin key set")}{(StatusKey is null ? string.Empty : ", status key set")}";
}
