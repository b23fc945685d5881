using System.Globalization;
using PryvBus.Shared.Versions;

namespace PryvBus.Follower.Fetching;

/// <summary>
/// Checks a fetched version before anything is written: its sha256 against its content (recomputed with the
/// secret flags of meta <c>secretFiles</c>), and the HMAC <c>sig:{id}</c> with this follower's own key over role,
/// generation, serial and sha256 (and the meta <c>components</c>, read as hostile input first, when present). Whatever the meta and files hold, the only exception it throws for them is
/// <see cref="VersionRejectedException"/>.
/// </summary>
public static class VersionVerifier
{
    /// <summary>The secret files and components fields read last, with what they parsed to.</summary>
    private static readonly MetaTextCache LastFields = new();

    public static VerifiedVersion Verify(FetchedVersion version, string followerId, string key) => Verify(version, followerId, key, LastFields);

    /// <summary><see cref="Verify(FetchedVersion, string, string)"/> with its own record of the fields read last (tests).</summary>
    internal static VerifiedVersion Verify(FetchedVersion version, string followerId, string key, MetaTextCache fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentException.ThrowIfNullOrEmpty(followerId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(version.Role);
        var meta = version.Meta;
        if (!VersionNumber.IsValid(version.Serial))
        {
            throw new VersionRejectedException($"serial {version.Serial} is out of range");
        }

        var generationText = meta.GetValueOrDefault(MetaFields.Generation);
        if (!VersionNumber.TryParse(generationText, out var generation))
        {
            throw new VersionRejectedException(generationText is null
                ? "meta has no generation (stored by a leader older than this follower?)"
                : VersionNumber.Refusal("meta generation", generationText));
        }

        if (meta.TryGetValue(MetaFields.Role, out var role) && role != version.Role)
        {
            throw new VersionRejectedException($"meta says role '{VersionNumber.Excerpt(role)}', expected '{version.Role}'");
        }

        if (meta.TryGetValue(MetaFields.Serial, out var serial)
            && serial != version.Serial.ToString(CultureInfo.InvariantCulture))
        {
            throw new VersionRejectedException($"meta says serial '{VersionNumber.Excerpt(serial)}', expected {version.Serial}");
        }

        var secretFiles = fields.SecretFiles(meta.GetValueOrDefault(MetaFields.SecretFiles), out var secretProblem)
            ?? throw new VersionRejectedException(secretProblem!);
        if (!SecretFilesField.AllPresent(secretFiles, version.Files.ContainsKey, out secretProblem))
        {
            throw new VersionRejectedException(secretProblem!);
        }

        var sha = meta.GetValueOrDefault(MetaFields.Sha256);
        if (string.IsNullOrEmpty(sha))
        {
            throw new VersionRejectedException("meta has no sha256");
        }

        var order = version.PathOrder;
        var computed = VersionDigest.Compute(version.Files, secretFiles, ref order, version.ContentsInOrder, out var contents);
        if (!string.Equals(computed, sha, StringComparison.OrdinalIgnoreCase))
        {
            throw new VersionRejectedException($"content does not match its sha256 (meta {VersionNumber.Excerpt(sha)}, content {computed})");
        }

        var components = fields.Components(meta.GetValueOrDefault(MetaFields.Components), out var componentsProblem)
            ?? throw new VersionRejectedException(componentsProblem!);

        var signature = meta.GetValueOrDefault(MetaFields.Signature(followerId));
        if (string.IsNullOrEmpty(signature))
        {
            throw new VersionRejectedException($"no signature {MetaFields.Signature(followerId)} (is this follower declared on the leader?)");
        }

        if (!VersionSignature.VerifyDigested(key, version.Role, generation, version.Serial, computed, signature, components.Digest))
        {
            throw new VersionRejectedException($"signature {MetaFields.Signature(followerId)} does not verify with this follower's key");
        }

        return new VerifiedVersion(version.Role, generation, version.Serial, computed, version.Files, secretFiles)
        {
            Components = components.Specs,
            Layout = new VersionLayout(version.Files, order, contents),
        };
    }
}
