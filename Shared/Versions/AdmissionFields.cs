namespace PryvBus.Shared.Versions;

/// <summary>Fields of the admission hash <c>{prefix}:admission:{role}</c> (see <see cref="AdmissionSignature"/>).</summary>
public static class AdmissionFields
{
    public const string Generation = "generation";
    public const string Serial = "serial";

    /// <summary>The admitted follower ids, sorted (ordinal), separated by commas; may be empty.</summary>
    public const string Followers = "followers";

    public const string SignaturePrefix = "sig:";

    /// <summary>At most this many admitted ids, and this many characters in the field (hostile input is bounded).</summary>
    public const int MaxFollowers = 1000;

    public const int MaxFollowersLength = 64 * MaxFollowers;

    /// <summary>At most this many fields in the hash: the three above and one signature per admitted follower.</summary>
    public const int MaxEntries = MaxFollowers + 3;

    public static string Signature(string followerId) => SignaturePrefix + followerId;
}
