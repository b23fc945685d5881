using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using PryvBus.Follower.Fetching;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// The verifier over generated versions: a correctly signed one is accepted with exactly the role, generation and
/// serial the leader signed; every tampering is refused with <see cref="VersionRejectedException"/>, and nothing else
/// ever escapes, whatever the meta and files hold.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class VersionVerifierProperties
{
    private const long Iterations = 10_000;
    private const string FollowerId = "core-1";

    private static readonly Gen<string> Role = Gen.OneOf("core", "static", "mail-2", "a", "hf_server");

    private static readonly Gen<long> Number = Gen.Frequency((3, Gen.Long[1, 1000]), (2, Gen.Long[1, VersionNumber.Max]));

    private static readonly Gen<string> Path = Gen.Frequency(
        (3, Gen.OneOf("pryv.yml", "core/conf/core.yml", "nginx/conf/secret/key.pem", "a b/ä.conf")),
        (2, Gen.String));

    private static readonly Gen<(string Path, byte[] Content)[]> Files =
        Gen.Select(Path, Gen.Byte.Array[0, 40]).Array[0, 5];

    /// <summary>Text a hostile writer could put in any meta field.</summary>
    private static readonly Gen<string> Garbage = Gen.Frequency(
        (3, Gen.String),
        (2, Gen.OneOf("", "0", "-1", "01", " 7", "7 ", "1e3", "9223372036854775807", "99999999999999999999999", "9007199254740992", "null", "[", "[null]", "[1]", "{}")),
        (1, Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture))));

    private enum Mutation
    {
        None, DropRoleField, DropSerialField, UpperCaseSignature,
        DropGeneration, GarbageGeneration, SignedOtherGeneration, SignedOtherSerial, SignedOtherRole, SignedOtherKey,
        FetchedUnderOtherSerial, ContentChanged, FileAdded, DigestFollowsContent, SecretFlagChanged, GarbageSecretFiles,
        GarbageSerialField, OtherRoleField, GarbageSignature, DropSignature, GarbageSha,
    }

    private static bool Harmless(Mutation m) => m is Mutation.None or Mutation.DropRoleField or Mutation.DropSerialField or Mutation.UpperCaseSignature;

    private sealed record Case(
        string Role, long Generation, long Serial, string Key, (string Path, byte[] Content)[] Files, Mutation Mutation, string Garbage, long Other);

    private static readonly Gen<Case> Cases = Gen.Select(
        Gen.Select(Role, Number, Number, Gen.String[1, 30]),
        Gen.Select(Files, Gen.Enum<Mutation>(), Garbage, Number),
        (a, b) => new Case(a.Item1, a.Item2, a.Item3, a.Item4, b.Item1, b.Item2, b.Item3, b.Item4));

    [Fact]
    public void Verify_GeneratedVersionsAndTamperings_AcceptsOnlyTheCorrectlySigned()
    {
        Cases.Sample(
            c =>
            {
                var (fetched, expectAccepted) = Build(c);
                if (expectAccepted is null)
                {
                    return; // the mutation happened to change nothing (e.g. garbage equal to the real value)
                }

                VerifiedVersion? verified = null;
                try
                {
                    verified = VersionVerifier.Verify(fetched, FollowerId, c.Key);
                }
                catch (VersionRejectedException)
                {
                }

                if (expectAccepted.Value)
                {
                    verified.Should().NotBeNull("mutation {0} is harmless", c.Mutation);
                    verified!.Role.Should().Be(c.Role);
                    verified.Generation.Should().Be(c.Generation);
                    verified.Serial.Should().Be(c.Serial);
                }
                else
                {
                    verified.Should().BeNull("mutation {0} must be refused", c.Mutation);
                }
            },
            iter: Iterations);
    }

    [Fact]
    public void Verify_ArbitraryMetaAndFiles_OnlyVersionRejectedExceptionEscapes()
    {
        var field = Gen.Frequency(
            (4, Gen.OneOf(MetaFields.Role, MetaFields.Generation, MetaFields.Serial, MetaFields.Sha256, MetaFields.SecretFiles, MetaFields.Components, MetaFields.Signature(FollowerId))),
            (1, Gen.String));
        var meta = Gen.Select(field, Garbage).Array[0, 8];
        Gen.Select(Role, Gen.Long, Files, meta).Sample(
            (role, serial, files, entries) =>
            {
                var fetched = new FetchedVersion(role, serial, ToFiles(files), entries.DistinctBy(e => e.Item1).ToDictionary(e => e.Item1, e => e.Item2, StringComparer.Ordinal));
                try
                {
                    VersionVerifier.Verify(fetched, FollowerId, "some-key-0123456789");
                }
                catch (VersionRejectedException)
                {
                }
            },
            iter: Iterations);
    }

    private static Dictionary<string, byte[]> ToFiles((string Path, byte[] Content)[] files) =>
        files.DistinctBy(f => f.Path).ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);

    /// <returns>The fetched version, and whether it must be accepted (null: the mutation was a no-op, skip).</returns>
    private static (FetchedVersion Fetched, bool? Accept) Build(Case c)
    {
        var files = ToFiles(c.Files);
        var secret = files.Keys.Where((_, i) => i % 2 == 0).ToHashSet(StringComparer.Ordinal);
        var sha = VersionDigest.Compute(files, secret);
        long Other(long value) => value == c.Other ? (value == 1 ? 2 : value - 1) : c.Other;
        var (signRole, signGeneration, signSerial, signKey) = (c.Role, c.Generation, c.Serial, c.Key);
        var fetchedSerial = c.Serial;
        switch (c.Mutation)
        {
            case Mutation.SignedOtherGeneration: signGeneration = Other(c.Generation); break;
            case Mutation.SignedOtherSerial: signSerial = Other(c.Serial); break;
            case Mutation.SignedOtherRole: signRole = c.Role + "x"; break;
            case Mutation.SignedOtherKey: signKey = c.Key + "x"; break;
            case Mutation.FetchedUnderOtherSerial: fetchedSerial = Other(c.Serial); break;
        }

        var meta = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MetaFields.Role] = c.Role,
            [MetaFields.Generation] = c.Generation.ToString(CultureInfo.InvariantCulture),
            [MetaFields.Serial] = c.Serial.ToString(CultureInfo.InvariantCulture),
            [MetaFields.Sha256] = sha,
            [MetaFields.SecretFiles] = JsonSerializer.Serialize(secret.Order(StringComparer.Ordinal).ToArray()),
            [MetaFields.Signature(FollowerId)] = VersionSignature.Sign(signKey, signRole, signGeneration, signSerial, sha),
        };
        bool? accept = Harmless(c.Mutation);
        switch (c.Mutation)
        {
            case Mutation.DropRoleField: meta.Remove(MetaFields.Role); break;
            case Mutation.DropSerialField: meta.Remove(MetaFields.Serial); break;
            case Mutation.UpperCaseSignature: meta[MetaFields.Signature(FollowerId)] = meta[MetaFields.Signature(FollowerId)].ToUpperInvariant(); break;
            case Mutation.DropGeneration: meta.Remove(MetaFields.Generation); break;
            case Mutation.GarbageGeneration: accept = Replace(meta, MetaFields.Generation, c.Garbage); break;
            case Mutation.GarbageSerialField: accept = Replace(meta, MetaFields.Serial, c.Garbage); break;
            case Mutation.OtherRoleField: accept = Replace(meta, MetaFields.Role, c.Garbage); break;
            case Mutation.GarbageSignature: accept = Replace(meta, MetaFields.Signature(FollowerId), c.Garbage); break;
            case Mutation.GarbageSha: accept = Replace(meta, MetaFields.Sha256, c.Garbage); break;
            case Mutation.GarbageSecretFiles: accept = Replace(meta, MetaFields.SecretFiles, c.Garbage); break;
            case Mutation.DropSignature: meta.Remove(MetaFields.Signature(FollowerId)); break;
            case Mutation.ContentChanged when files.Count > 0:
                var first = files.Keys.First();
                files[first] = [.. files[first], 0x2A];
                break;
            case Mutation.ContentChanged:
            case Mutation.FileAdded:
                files[files.Keys.Aggregate("added", (name, key) => name + key.Length)] = Encoding.UTF8.GetBytes("extra");
                break;
            case Mutation.DigestFollowsContent:
                files["added.conf"] = [1, 2, 3];
                meta[MetaFields.Sha256] = VersionDigest.Compute(files, secret);
                break;
            case Mutation.SecretFlagChanged when files.Count > 0:
                var flipped = new HashSet<string>(files.Keys.Except(secret), StringComparer.Ordinal);
                meta[MetaFields.SecretFiles] = JsonSerializer.Serialize(flipped.ToArray());
                break;
            case Mutation.SecretFlagChanged:
                return (new FetchedVersion(c.Role, fetchedSerial, files, meta), null);
        }

        return (new FetchedVersion(c.Role, fetchedSerial, files, meta), accept);
    }

    /// <returns>False (must be refused), or null when the garbage equals the real value and changes nothing.</returns>
    private static bool? Replace(Dictionary<string, string> meta, string field, string garbage)
    {
        if (meta[field] == garbage || (field == MetaFields.Signature(FollowerId) && meta[field].Equals(garbage, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        meta[field] = garbage;
        return false;
    }
}
