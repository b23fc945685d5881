using PryvBus.Shared;
using StackExchange.Redis;

namespace PryvBus.Leader.Audit;

/// <summary>Reads the audit stream (<see cref="RedisKeys.Audit"/>) page by page, its head and its anchor, and verifies it.</summary>
public sealed class AuditStream(IDatabase db, RedisKeys keys)
{
    private const int Page = 1000;

    public async Task<IReadOnlyList<(string Id, AuditRecord? Record)>> ReadAllAsync()
    {
        var result = new List<(string, AuditRecord?)>();
        RedisValue from = "-";
        while (true)
        {
            var entries = await db.StreamRangeAsync(keys.Audit, from, "+", Page);
            result.AddRange(entries.Select(e => (e.Id.ToString(), AuditRecord.FromEntry(e))));
            if (entries.Length < Page)
            {
                return result;
            }

            // Exclusive start: the next page begins after the last id read.
            from = "(" + entries[^1].Id;
        }
    }

    public async Task<(long Seq, string Hash)?> HeadAsync() => AuditChain.ParsePosition(await db.StringGetAsync(keys.AuditHead));

    /// <summary>The anchor, <see cref="AuditChain.Start"/> when nothing was trimmed.</summary>
    public async Task<(long Seq, string Hash)> AnchorAsync() => AuditChain.ParsePosition(await db.StringGetAsync(keys.AuditAnchor)) ?? AuditChain.Start;

    /// <param name="chain">The chain's key.</param>
    /// <param name="witness">The state folder's witness of the last entry appended (<see cref="AuditWitness"/>); null when none.</param>
    public async Task<AuditVerification> VerifyAsync(AuditChain chain, (long Seq, string Hash)? witness = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var anchorText = await db.StringGetAsync(keys.AuditAnchor);
        var headText = await db.StringGetAsync(keys.AuditHead);
        // No writer leaves either key malformed: read as absent, it would hide what was there (the anchor as "nothing
        // trimmed", the head as "missing").
        if ((Malformed(keys.AuditAnchor, anchorText) ?? Malformed(keys.AuditHead, headText)) is { } problem)
        {
            return new AuditVerification(0, null, problem);
        }

        var entries = await ReadAllAsync();
        return AuditVerifier.Verify(chain, entries, AuditChain.ParsePosition(anchorText) ?? AuditChain.Start, AuditChain.ParsePosition(headText), witness);
    }

    private static string? Malformed(RedisKey key, RedisValue text) =>
        !text.IsNull && AuditChain.ParsePosition(text) is null ? $"{key} holds no valid position ('{{seq}} {{hash}}')" : null;
}
