using System.Globalization;
using System.Text;
using PryvBus.Leader.State;

namespace PryvBus.Leader.Audit;

/// <summary>
/// The audit chain's links: <c>hash = HMAC-SHA256(key, prev + "\n" + canonical entry)</c>, keyed by a key derived
/// from the leader's state key (<see cref="StateKey.Audit"/>). Without that key, someone who can write Redis cannot
/// make an edited, inserted or reordered entry verify. Positions are <c>{seq} {hash}</c> (the head, the anchor).
/// </summary>
public sealed class AuditChain(SealingKey key)
{
    /// <summary>The <c>prev</c> of the very first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    public static (long Seq, string Hash) Start => (0, Genesis);

    public string HashOf(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var prev = Encoding.UTF8.GetBytes(record.Prev + "\n");
        return Convert.ToHexStringLower(key.Mac([.. prev, .. record.Canonical()]));
    }

    public AuditRecord Link(AuditRecord record, (long Seq, string Hash) previous)
    {
        ArgumentNullException.ThrowIfNull(record);
        var linked = record with { Seq = previous.Seq + 1, Prev = previous.Hash, Hash = string.Empty };
        return linked with { Hash = HashOf(linked) };
    }

    public static string Position(long seq, string hash) => string.Create(CultureInfo.InvariantCulture, $"{seq} {hash}");

    /// <summary>A stored position, or null when absent or malformed.</summary>
    public static (long Seq, string Hash)? ParsePosition(string? text)
    {
        var parts = text?.Split(' ');
        return parts is [var seq, var hash] && long.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && hash.Length == 64 && hash.All(char.IsAsciiHexDigitLower)
            ? (number, hash)
            : null;
    }
}
