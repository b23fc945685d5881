namespace PryvBus.Shared.Versions;

/// <summary>Field names of the <c>{prefix}:meta:{role}:{serial}</c> hash.</summary>
public static class MetaFields
{
    public const string Sha256 = "sha256";
    public const string Created = "created";
    public const string Reason = "reason";
    public const string Files = "files";
    public const string SecretFiles = "secretFiles";
    public const string Secrets = "secrets";
    public const string Role = "role";
    public const string Serial = "serial";
    public const string Generation = "generation";

    /// <summary>The role's component actions and checks (<see cref="ComponentsField"/>); absent when none is declared.</summary>
    public const string Components = "components";
    public const string SignaturePrefix = "sig:";

    public static string Signature(string followerId) => SignaturePrefix + followerId;
}
