namespace PryvBus.Leader.Settings;

/// <summary>
/// The leader's HTTP API: where it listens (loopback by default) and the admin key of its admin routes
/// (none by default: admin routes answer 403 until one is set). <see cref="AdminKey"/> is the key in force: the
/// loader resolves <c>PRYVBUS_ADMIN_KEY</c> (which wins over the file) and validates both at load time.
/// </summary>
public sealed record HttpSettings(bool Enabled, IReadOnlyList<string> Urls, string? AdminKey)
{
    public const string AdminKeyVariable = "PRYVBUS_ADMIN_KEY";
    public const int MinAdminKeyLength = 16;

    public static HttpSettings Default { get; } = new(true, ["http://127.0.0.1:7070"], null);

    /// <summary>The key in force (the environment's, resolved at load time); kept for callers of the old name.</summary>
    public string? EffectiveAdminKey => AdminKey;

    /// <summary>Never print the key.</summary>
    public override string ToString() => $"{(Enabled ? string.Join(", ", Urls) : "disabled")}{(AdminKey is null ? string.Empty : ", admin key set")}";
}
