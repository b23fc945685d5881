using System.Text.Json;
using PryvBus.Shared;
using PryvBus.Shared.Versions;

namespace PryvBus.Leader.State;

/// <summary>
/// Reads and writes <c>store.json</c> in the leader's state folder. A record that is absent, unreadable as JSON, or
/// holds a number out of range counts as no record: the leader then starts a new generation, which is always safe.
/// </summary>
public sealed class StoreRecordFile(string directory)
{
    public const string FileName = "store.json";

    public string Path { get; } = System.IO.Path.Combine(directory, FileName);

    /// <summary>The whole document; an empty one when the file is absent or invalid (<paramref name="problem"/> says why).</summary>
    /// <exception cref="IOException">The file exists but cannot be read.</exception>
    public StoreRecordDocument Read(out string? problem)
    {
        problem = null;
        if (!File.Exists(Path))
        {
            return new StoreRecordDocument();
        }

        try
        {
            var document = JsonSerializer.Deserialize(File.ReadAllBytes(Path), StateJsonContext.Default.StoreRecordDocument);
            problem = document is null ? "it holds null" : Check(document);
            if (problem is not null)
            {
                return new StoreRecordDocument();
            }

            foreach (var record in document!.Stores.Values)
            {
                record.Serials ??= new(StringComparer.Ordinal);
                record.Reserved ??= new(StringComparer.Ordinal);
            }

            return document;
        }
        catch (JsonException ex)
        {
            problem = "not valid JSON: " + ex.Message;
            return new StoreRecordDocument();
        }
    }

    public void Write(StoreRecordDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        StateFiles.WriteAtomically(Path, JsonSerializer.SerializeToUtf8Bytes(document, StateJsonContext.Default.StoreRecordDocument));
    }

    private static string? Check(StoreRecordDocument document)
    {
        if (document.Format != StoreRecordDocument.CurrentFormat)
        {
            return $"format {document.Format} is not {StoreRecordDocument.CurrentFormat}";
        }

        foreach (var (prefix, record) in document.Stores ?? [])
        {
            if (record is null || !RedisKeys.IsValidPrefix(prefix) || !VersionNumber.IsValid(record.Generation))
            {
                return $"the record of key prefix '{VersionNumber.Excerpt(prefix)}' has no valid generation";
            }

            var bad = (record.Serials ?? []).Concat(record.Reserved ?? [])
                .FirstOrDefault(s => !RedisKeys.IsValidRole(s.Key) || !VersionNumber.IsValid(s.Value));
            if (bad.Key is not null)
            {
                return $"the record of key prefix '{prefix}' holds an invalid serial for '{VersionNumber.Excerpt(bad.Key)}'";
            }
        }

        if (document.Boot is { Length: > 64 })
        {
            return "its boot id is too long";
        }

        return document.Stores is null ? "it has no stores" : null;
    }
}
