using PryvBus.Shared;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Versions;

/// <summary>
/// Whether the role's current version in Redis can stay current for a render of digest <c>sha256</c>: its meta must
/// name the role, the serial and the store's generation, and its stored content must still hash to the meta's digest
/// (a file overwritten or deleted in <c>config:{role}:{serial}</c> is caught here and repaired by a fresh serial).
/// </summary>
internal static class CurrentCheck
{
    /// <summary>The verdict: <see cref="Same"/> (keep it), a new render (<see cref="Changed"/>), or why it must be replaced.</summary>
    public sealed record Verdict(bool Same, string? Broken)
    {
        public static Verdict Changed { get; } = new(false, null);

        public static Verdict Keep { get; } = new(true, null);

        public static Verdict Replace(string why) => new(false, why);
    }

    public static async Task<Verdict> RunAsync(IDatabase db, RedisKeys keys, string role, long serial, long generation, string sha256, string? components = null)
    {
        var metaKey = keys.Meta(role, serial);
        var meta = (await db.HashGetAllAsync(metaKey)).ToDictionary(e => (string)e.Name!, e => (string?)e.Value, StringComparer.Ordinal);
        if (meta.Count == 0)
        {
            return Verdict.Replace($"its meta {metaKey} is missing");
        }

        var storedGeneration = meta.GetValueOrDefault(MetaFields.Generation);
        if (storedGeneration is null)
        {
            return Verdict.Replace($"{metaKey} has no generation (stored before generations)");
        }

        if (!VersionNumber.TryParse(storedGeneration, out var metaGeneration))
        {
            return Verdict.Replace(VersionNumber.Refusal($"{metaKey} field {MetaFields.Generation}", storedGeneration));
        }

        if (metaGeneration != generation)
        {
            return Verdict.Replace($"it belongs to generation {metaGeneration}, the store is in generation {generation}");
        }

        if (meta.GetValueOrDefault(MetaFields.Role) != role
            || !VersionNumber.TryParse(meta.GetValueOrDefault(MetaFields.Serial), out var metaSerial) || metaSerial != serial)
        {
            return Verdict.Replace($"{metaKey} does not name role {role} serial {serial}");
        }

        var metaSha = meta.GetValueOrDefault(MetaFields.Sha256);
        if (!string.Equals(metaSha, sha256, StringComparison.Ordinal))
        {
            return string.IsNullOrEmpty(metaSha) ? Verdict.Replace($"{metaKey} has no sha256") : Verdict.Changed;
        }

        if (!string.Equals(meta.GetValueOrDefault(MetaFields.Components), components, StringComparison.Ordinal))
        {
            return Verdict.Changed; // Same files, other reload actions or checks: a new serial carries them, signed.
        }

        // The render equals the meta: the stored content must equal it too, or followers are sent a version they reject.
        var configKey = keys.Config(role, serial);
        var content = await db.HashGetAllAsync(configKey);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in content)
        {
            files[(string)entry.Name!] = (byte[])entry.Value!;
        }

        // The follower's own rule (VersionVerifier): a meta it would refuse is never kept as current.
        var secretFiles = SecretFilesField.Read(meta.GetValueOrDefault(MetaFields.SecretFiles), files.Keys, out var secretProblem);
        if (secretFiles is null)
        {
            return Verdict.Replace($"{metaKey}: {secretProblem}");
        }

        var computed = VersionDigest.Compute(files, secretFiles);
        return computed == sha256
            ? Verdict.Keep
            : Verdict.Replace(files.Count == 0
                ? $"its content {configKey} is missing"
                : $"its content {configKey} does not match its sha256 (tampered or corrupted)");
    }
}
