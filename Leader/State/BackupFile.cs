using System.IO.Compression;
using System.Text.Json;
using PryvBus.Shared;
using PryvBus.Shared.Versions;

namespace PryvBus.Leader.State;

/// <summary>A backup on disk: <see cref="BackupContent"/> as gzipped JSON, sealed (AES-256-GCM) and written 0600 atomically.</summary>
public static class BackupFile
{

    public static void Write(string path, BackupContent content, SealingKey key, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, content, StateWebJsonContext.Default.BackupContent);
        }

        try
        {
            StateFiles.WriteAtomically(path, SealedFile.Seal(SealedFile.BackupKind, key, compressed.GetBuffer().AsSpan(0, (int)compressed.Length)), overwrite);
        }
        catch (IOException) when (!overwrite && File.Exists(path))
        {
            throw new StateException($"{path} already exists: choose another file name, or --force to replace it");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StateException($"{path}: cannot write the backup ({ex.Message})", ex);
        }
    }

    /// <exception cref="StateException">Unreadable, sealed with another key, altered, or not valid.</exception>
    public static BackupContent Read(string path, SealingKey key)
    {
        byte[] sealedBytes;
        try
        {
            sealedBytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StateException($"{path}: cannot read the backup ({ex.Message})", ex);
        }

        var compressed = SealedFile.Open(SealedFile.BackupKind, key, sealedBytes, path);
        BackupContent? content;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            content = JsonSerializer.Deserialize(gzip, StateWebJsonContext.Default.BackupContent);
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException)
        {
            throw new StateException($"{path}: unreadable backup content ({ex.Message})", ex);
        }

        return Check(content, path);
    }

    /// <summary>Authenticated, but checked all the same: names, serials and fields a restore writes must be valid.</summary>
    private static BackupContent Check(BackupContent? content, string path)
    {
        if (content is null || content.Format != BackupContent.CurrentFormat)
        {
            throw new StateException($"{path}: unknown backup format {content?.Format} (this leader reads format {BackupContent.CurrentFormat})");
        }

        string? problem = null;
        if (content.Generation is { } generation && !VersionNumber.TryParse(generation, out _))
        {
            problem = VersionNumber.Refusal("the generation", generation);
        }

        foreach (var role in content.Versions ?? [])
        {
            problem ??= CheckRole(role);
        }

        problem ??= (content.Roles ?? []).FirstOrDefault(r => !RedisKeys.IsValidRole(r)) is { } badRole ? $"'{badRole}' is not a role name" : null;
        foreach (var (scope, secrets) in content.Secrets ?? [])
        {
            problem ??= SecretScopes.IsValid(scope) && (secrets ?? []).All(s => SecretScopes.IsName(s.Key) && s.Value?.Value is not null)
                ? null
                : $"secret scope '{scope}' holds an invalid entry";
        }

        problem ??= CheckAudit(content.Audit);
        problem ??= content.Users is { Length: > 4 * 1024 * 1024 } ? "the users file is over 4 MiB" : null;
        return problem is null ? content : throw new StateException($"{path}: not a valid backup: {problem}");
    }

    private static string? CheckAudit(AuditBackup? audit) =>
        audit is null ? null
        : (audit.Entries ?? []).Any(e => e is null || !IsStreamId(e.Id) || e.Fields is null || e.Fields.Count == 0 || e.Fields.Values.Any(v => v is null))
            ? "an audit entry has a malformed id or no fields"
            : null;

    private static bool IsStreamId(string? id) =>
        id?.Split('-') is [var ms, var seq] && ms.Length is > 0 and <= 20 && seq.Length is > 0 and <= 20 && ms.All(char.IsAsciiDigit) && seq.All(char.IsAsciiDigit);

    private static string? CheckRole(RoleBackup? role)
    {
        if (role is null || !RedisKeys.IsValidRole(role.Role))
        {
            return $"'{role?.Role}' is not a role name";
        }

        if (role.Serial is { } serial && !VersionNumber.IsValid(serial) || role.Pin is { } pin && !VersionNumber.IsValid(pin)
            || (role.History ?? []).Any(s => !VersionNumber.IsValid(s))
            || (role.Retained ?? []).Any(v => v is null || !VersionNumber.IsValid(v.Serial) || v.Files is null || v.Meta is null))
        {
            return $"role {role.Role}: a serial is not in 1..{VersionNumber.Max}, or a version is incomplete";
        }

        return null;
    }
}
