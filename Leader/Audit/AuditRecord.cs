using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace PryvBus.Leader.Audit;

/// <summary>
/// One entry of the audit stream as stored: its place in the chain (<see cref="Seq"/>, <see cref="Prev"/>,
/// <see cref="Hash"/>) and what happened. <see cref="Canonical"/> is what the hash covers: every field, length-prefixed,
/// in a fixed order, so no edit of one field can be shifted into another.
/// </summary>
public sealed record AuditRecord(
    long Seq, string Time, string Actor, string ActorRole, string Source, string Action, string? Reason, string? Role, string? Detail, string Prev, string Hash)
{
    public const int MaxReason = 1024;
    /// <summary>A role's name is at most 63 characters; the field is bounded whatever a caller passes.</summary>
    public const int MaxRole = 128;
    public const int MaxDetail = 4096;

    /// <summary>The id Redis gave the entry (empty before it is stored).</summary>
    public string Id { get; init; } = string.Empty;

    public byte[] Canonical()
    {
        var text = new StringBuilder();
        foreach (var field in (string?[])[Seq.ToString(CultureInfo.InvariantCulture), Time, Actor, ActorRole, Source, Action, Reason, Role, Detail])
        {
            text.Append(field is null ? "-1:" : string.Create(CultureInfo.InvariantCulture, $"{field.Length}:{field}")).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public NameValueEntry[] Fields() =>
    [
        new("seq", Seq), new("time", Time), new("actor", Actor), new("actorRole", ActorRole), new("source", Source), new("action", Action),
        .. Optional("reason", Reason), .. Optional("role", Role), .. Optional("detail", Detail), new("prev", Prev), new("hash", Hash),
    ];

    /// <summary>An entry read from Redis; null when a field is missing or malformed (verification names its id).</summary>
    public static AuditRecord? FromEntry(StreamEntry entry)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in entry.Values)
        {
            fields[value.Name.ToString()] = value.Value.ToString();
        }

        string? Get(string name) => fields.GetValueOrDefault(name);
        if (!long.TryParse(Get("seq"), NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            || Get("time") is not { } time || Get("actor") is not { } actor || Get("actorRole") is not { } actorRole || Get("source") is not { } source
            || Get("action") is not { } action || Get("prev") is not { } prev || Get("hash") is not { } hash)
        {
            return null;
        }

        return new AuditRecord(seq, time, actor, actorRole, source, action, Get("reason"), Get("role"), Get("detail"), prev, hash) { Id = entry.Id.ToString() };
    }

    public static string? Bound(string? text, int max) => text is null || text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    private static NameValueEntry[] Optional(string name, string? value) => value is null ? [] : [new NameValueEntry(name, value)];
}
