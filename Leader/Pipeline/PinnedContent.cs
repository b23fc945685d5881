using System.Globalization;
using System.Text.Json;
using PryvBus.Leader.Versions;
using PryvBus.Shared.Versions;

namespace PryvBus.Leader.Pipeline;

/// <summary>
/// The content a rollback pinned a role at, intact: the pinned serial's files when they still hash to its meta's
/// sha256, else a retained serial holding the same digest intact (a rollback copies an older serial, so one usually
/// exists). What the pipeline stores again when the pinned version itself cannot stay current.
/// </summary>
internal static class PinnedContent
{
    /// <exception cref="StoreDataException">Neither the pinned serial nor a retained copy of it is intact.</exception>
    public static async Task<RenderedVersion> ReadAsync(VersionStore store, string role, long pin)
    {
        var pinned = await store.ReadAsync(role, pin);
        var sha = pinned?.Sha256;
        if (pinned is null || string.IsNullOrEmpty(sha))
        {
            throw new StoreDataException(Refusal(role, pin, "its meta is missing or has no sha256"));
        }

        var candidates = new List<long> { pin };
        candidates.AddRange((await store.HistoryAsync(role)).Reverse().Where(s => s != pin));
        foreach (var serial in candidates)
        {
            var version = serial == pin ? pinned : await store.ReadAsync(role, serial);
            if (version is not null && version.Sha256 == sha && Intact(version) is { } intact)
            {
                return intact;
            }
        }

        throw new StoreDataException(Refusal(role, pin, "its content no longer matches its sha256 and no intact copy is retained"));
    }

    /// <summary>The version to store again, or null when its content does not hash to its meta's sha256.</summary>
    private static RenderedVersion? Intact(StoredVersion version)
    {
        if (version.Files.Count == 0)
        {
            return null;
        }

        var secretFiles = SecretFilesField.Read(version.Meta.GetValueOrDefault(MetaFields.SecretFiles), version.Files.Keys, out _);
        if (secretFiles is null || VersionDigest.Compute(version.Files, secretFiles) != version.Sha256)
        {
            return null;
        }

        IReadOnlySet<string> secrets;
        try
        {
            secrets = version.Secrets;
        }
        catch (JsonException)
        {
            secrets = new HashSet<string>(StringComparer.Ordinal);
        }

        return new RenderedVersion(version.Role, version.Files, secretFiles, secrets);
    }

    private static string Refusal(string role, long pin, string why) => string.Create(
        CultureInfo.InvariantCulture,
        $"role '{role}' is pinned at serial {pin}, but {why}: roll back again (pryvbus-leader rollback {role} SERIAL) or unpin it");
}
