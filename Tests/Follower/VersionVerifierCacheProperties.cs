using System.Globalization;
using CsCheck;
using PryvBus.Follower.Fetching;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// The verifier keeps what it parsed of the meta fields <c>secretFiles</c> and <c>components</c> by their text. Over
/// sequences of versions whose fields are drawn from a few texts (so that a text read before comes back with other files,
/// another signature, another components field), each verdict is the one the uncached rules give: the cache never carries
/// a secret set, a declaration or a components digest over to a version it does not fit.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class VersionVerifierCacheProperties
{
    private const string FollowerId = "core-1";
    private const string Key = "key-of-core-1-0123456789";
    private const string Role = "core";

    private static readonly string?[] SecretTexts = ["[]", """["a.conf"]""", """["a.conf","b/c.yml"]""", """["x"]""", "[1]", "nope", null];

    private static readonly string?[] ComponentTexts =
    [
        null,
        ComponentsField.Write(new Dictionary<string, ComponentSpec>(StringComparer.Ordinal) { ["nginx"] = new(ReloadAction.Restart, null) }),
        ComponentsField.Write(new Dictionary<string, ComponentSpec>(StringComparer.Ordinal) { ["core"] = new(ReloadAction.Restart, new ComponentCheck(["true"], 5)) }),
        "{",
        "[]",
    ];

    private static readonly string[] Paths = ["a.conf", "b/c.yml", "d"];

    /// <summary>One version of a sequence: which texts its meta holds, which files it has, what its signature covers.</summary>
    private sealed record Step(int Secret, int Components, int SignedComponents, bool[] Has, byte Content, long Serial);

    private static readonly Gen<Step> Steps = Gen.Select(
        Gen.Int[0, SecretTexts.Length - 1],
        Gen.Int[0, ComponentTexts.Length - 1],
        Gen.Frequency((3, Gen.Const(-1)), (1, Gen.Int[0, ComponentTexts.Length - 1])),
        Gen.Bool.Array[Paths.Length],
        Gen.Byte,
        Gen.Long[1, 1000],
        (secret, components, signed, has, content, serial) => new Step(secret, components, signed < 0 ? components : signed, has, content, serial));

    [Fact]
    public void Verify_SequencesSharingFieldTexts_EachVerdictIsTheUncachedOne()
    {
        Steps.Array[1, 8].Sample(
            steps =>
            {
                var fields = new MetaTextCache(); // one per sequence: the samples run on several threads
                foreach (var step in steps)
                {
                    var (fetched, expected) = Build(step);
                    VerifiedVersion? verified = null;
                    try
                    {
                        verified = VersionVerifier.Verify(fetched, FollowerId, Key, fields);
                    }
                    catch (VersionRejectedException)
                    {
                    }

                    if (expected is null)
                    {
                        verified.Should().BeNull("the uncached rules refuse {0}", step);
                        continue;
                    }

                    verified.Should().NotBeNull("the uncached rules accept {0}", step);
                    verified!.SecretFiles.Should().BeEquivalentTo(expected.Value.Secret);
                    verified.Components.Keys.Should().BeEquivalentTo(expected.Value.Components.Keys);
                }
            },
            iter: 3_000);
    }

    /// <returns>The fetched version, and what the uncached rules make of it (null: refused).</returns>
    private static (FetchedVersion Fetched, (IReadOnlySet<string> Secret, IReadOnlyDictionary<string, ComponentSpec> Components)? Expected) Build(Step step)
    {
        var files = Paths.Where((_, i) => step.Has[i]).ToDictionary(p => p, p => new[] { step.Content, (byte)p.Length }, StringComparer.Ordinal);
        var secretText = SecretTexts[step.Secret];
        var componentsText = ComponentTexts[step.Components];

        // The leader's digest, over the secret set the text names when it names one (any set otherwise: refused anyway).
        var secret = SecretFilesField.Read(secretText, files.Keys, out _);
        var sha = VersionDigest.Compute(files, secret ?? new HashSet<string>(StringComparer.Ordinal));
        var meta = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MetaFields.Generation] = "1",
            [MetaFields.Serial] = step.Serial.ToString(CultureInfo.InvariantCulture),
            [MetaFields.Sha256] = sha,
            [MetaFields.Signature(FollowerId)] = VersionSignature.Sign(Key, Role, 1, step.Serial, sha, ComponentTexts[step.SignedComponents]),
        };
        if (secretText is not null)
        {
            meta[MetaFields.SecretFiles] = secretText;
        }

        if (componentsText is not null)
        {
            meta[MetaFields.Components] = componentsText;
        }

        var components = ComponentsField.Read(componentsText, out _);
        var accepted = secret is not null && components is not null
            && VersionSignature.Verify(Key, Role, 1, step.Serial, sha, meta[MetaFields.Signature(FollowerId)], componentsText);
        return (new FetchedVersion(Role, step.Serial, files, meta), accepted ? (secret!, components!) : null);
    }
}
