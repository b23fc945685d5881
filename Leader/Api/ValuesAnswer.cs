using PryvBus.Leader.Values;

namespace PryvBus.Leader.Api;

/// <summary>The platform values of <c>GET /admin/platform</c> (<c>Etag</c> is written <c>etag</c>).</summary>
internal sealed record ValuesAnswer(string Etag, string File, IEnumerable<ValueView> Values);
