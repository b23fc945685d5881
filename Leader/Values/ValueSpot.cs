namespace PryvBus.Leader.Values;

/// <summary>
/// Where a platform value is written in the settings file's bytes: the span to replace (<see cref="Start"/> to
/// <see cref="End"/>, exclusive), or, for <see cref="ValueSpotKind.Insert"/>, the position where a <c>"value"</c> key goes.
/// </summary>
/// <param name="Kind">What the span holds.</param>
/// <param name="Start">First byte of the span (or the insertion point).</param>
/// <param name="End">One past its last byte (equal to <paramref name="Start"/> for an insertion).</param>
/// <param name="Separator">For an insertion: what follows the inserted key (a comma and the whitespace that preceded the entry's first key).</param>
/// <param name="Prefix">For an insertion: what precedes it (a space in an empty entry).</param>
public sealed record ValueSpot(ValueSpotKind Kind, int Start, int End, string Separator = "", string Prefix = "");
