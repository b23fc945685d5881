using System.Security.Cryptography;
using System.Text;

namespace PryvBus.Leader.Audit;

/// <summary>
/// Checks a chain read in stream order: each entry follows the one before it (seq + 1, prev = its hash), its hash is
/// the HMAC of its content, the first follows the anchor (what retention trimmed), the last is the head, and an anchor
/// past seq 0 has an entry after it. An edit of any field, a deletion, an insertion or a reorder breaks one of these;
/// the first entry that does is named.
/// </summary>
public static class AuditVerifier
{
    /// <param name="chain">The chain's key.</param>
    /// <param name="entries">The stream's entries, oldest first; null for an entry that could not be parsed.</param>
    /// <param name="anchor">The anchor (<see cref="AuditChain.Start"/> when nothing was trimmed).</param>
    /// <param name="head">The head key's position; null when absent.</param>
    /// <param name="witness">The highest position this machine appended (<see cref="AuditWitness"/>); null when unknown.</param>
    public static AuditVerification Verify(
        AuditChain chain, IEnumerable<(string Id, AuditRecord? Record)> entries, (long Seq, string Hash) anchor, (long Seq, string Hash)? head, (long Seq, string Hash)? witness = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(entries);
        var previous = anchor;
        var count = 0;
        foreach (var (id, record) in entries)
        {
            var problem = record is null ? "a field is missing or malformed"
                : record.Seq != previous.Seq + 1 ? $"seq {record.Seq} follows seq {previous.Seq} (an entry was removed, inserted or moved)"
                : !Same(record.Prev, previous.Hash) ? "prev does not match the hash of the entry before it"
                : !Same(record.Hash, chain.HashOf(record)) ? "its hash does not match its content (edited, or written without the leader's key)"
                : witness is { } w && w.Seq == record.Seq && !Same(w.Hash, record.Hash) ? "it is not the entry the leader's machine appended at this seq (its witness in the state folder)"
                : null;
            if (problem is not null)
            {
                return new AuditVerification(count, id, problem);
            }

            previous = (record!.Seq, record.Hash);
            count++;
        }

        // Retention keeps the newest entry and a restore skips an empty stream: an anchor past seq 0 with no entry after
        // it is a deleted stream, whatever the head and the witness say (both can be set to the anchor).
        if (count == 0 && anchor.Seq > 0)
        {
            return new AuditVerification(0, null, $"the stream holds no entry, but its anchor says entries up to seq {anchor.Seq} were trimmed (retention keeps the newest entry): the stream was deleted");
        }

        if (head is null && count > 0)
        {
            return new AuditVerification(count, null, "the head key is missing");
        }

        if (head is { } h && (h.Seq != previous.Seq || !Same(h.Hash, previous.Hash)))
        {
            return new AuditVerification(count, null, $"the head says seq {h.Seq} but the last entry is seq {previous.Seq} (entries were removed from the end, or the head was changed)");
        }

        return witness is { } last && last.Seq > previous.Seq
            ? new AuditVerification(count, null, $"the stream ends at seq {previous.Seq} but the leader's machine appended up to seq {last.Seq} (its witness in the state folder): entries were removed from the end")
            : new AuditVerification(count, null, null);
    }

    private static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
