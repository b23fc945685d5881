using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Access;

/// <summary>
/// What the followers' ACL users are made of: the key prefix, and each follower's id, role and key (<c>FollowerAcl.Rules</c>),
/// with the demo flag that sets how a sample password is reported. Kept as a SHA-256 digest: equal digests, same users.
/// </summary>
public sealed class AclInputs : IEquatable<AclInputs>
{
    private readonly byte[] _digest;

    private AclInputs(byte[] digest) => _digest = digest;

    public static AclInputs Of(LeaderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // Each field with its length first: no content of one (a key may hold any character) can pass for the next.
        var text = new StringBuilder();
        Field(text, settings.Keys.Prefix);
        Field(text, settings.Demo ? "demo" : "production");
        foreach (var follower in settings.Followers)
        {
            Field(text, follower.Id);
            Field(text, follower.Role);
            Field(text, follower.Key);
        }

        // Its UTF-16 code units as they are: two keys that differ only in unpaired surrogates stay different.
        return new AclInputs(SHA256.HashData(MemoryMarshal.AsBytes(text.ToString().AsSpan())));
    }

    private static void Field(StringBuilder text, string value) =>
        text.Append(value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(value);

    public bool Equals(AclInputs? other) => other is not null && CryptographicOperations.FixedTimeEquals(_digest, other._digest);

    public override bool Equals(object? obj) => Equals(obj as AclInputs);

    public override int GetHashCode() => BitConverter.ToInt32(_digest, 0);
}
