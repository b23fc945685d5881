using PryvBus.Shared;

namespace PryvBus.Leader.State;

/// <summary>
/// How the state folder names where a secret belongs: <c>platform</c> (shared by every role, Redis hash
/// <c>secrets:platform</c>) or <c>role:{role}</c> (hash <c>secrets:role:{role}</c>).
/// </summary>
public static partial class SecretScopes
{
    public const string Platform = "platform";
    private const string RolePrefix = "role:";

    public static string Role(string role) =>
        RedisKeys.IsValidRole(role) ? RolePrefix + role : throw new ArgumentException($"Invalid role name '{role}'.", nameof(role));

    /// <summary>The role of a role scope; null for the platform scope.</summary>
    public static string? RoleOf(string scope) => scope.StartsWith(RolePrefix, StringComparison.Ordinal) ? scope[RolePrefix.Length..] : null;

    public static bool IsValid(string? scope) =>
        scope == Platform || (scope is not null && RoleOf(scope) is { } role && RedisKeys.IsValidRole(role));

    /// <summary>A secret name as templates write it: a letter or '_', then letters, digits and '_'.</summary>
    public static bool IsName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>The Redis hash holding a scope's secrets.</summary>
    public static StackExchange.Redis.RedisKey Hash(RedisKeys keys, string scope)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return RoleOf(scope) is { } role ? keys.RoleSecrets(role) : keys.PlatformSecrets;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$")]
    private static partial System.Text.RegularExpressions.Regex NamePattern();
}
