namespace PryvBus.Leader.Settings;

public enum SecretScope
{
    /// <summary>Each role gets its own value (the default: components of different roles do not share keys).</summary>
    Role,

    /// <summary>One value shared by every role (keys that, say, register and cores must agree on).</summary>
    Platform,
}

/// <summary>How a secret is generated and shared. Secrets used in templates but not declared get the defaults.</summary>
public sealed record SecretSpec(string Name, SecretScope Scope, int Length, string Alphabet, string? Description)
{
    /// <summary><c>PRYVBUS_SECRET_NAME</c> in the leader's environment wins over the stored value of secret NAME.</summary>
    public const string OverridePrefix = "PRYVBUS_SECRET_";

    public const int DefaultLength = 32;
    public const int MinLength = 8;
    public const int MaxLength = 4096;
    public const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    public const string Hex = "0123456789abcdef";
    public const string Base64Url = Alphanumeric + "-_";

    public static IReadOnlyDictionary<string, string> NamedAlphabets { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["alphanumeric"] = Alphanumeric,
        ["hex"] = Hex,
        ["base64url"] = Base64Url,
    };

    public static SecretSpec Default(string name) => new(name, SecretScope.Role, DefaultLength, Alphanumeric, null);
}
