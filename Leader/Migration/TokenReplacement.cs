namespace PryvBus.Leader.Migration;

/// <summary>
/// The text of an imported file as a template: how often each expression replaced its value, how many literal
/// <c>{{</c> were escaped, how often each held-back value was found (not replaced), and the near misses (a value
/// inside a longer token, such as the domain in <c>pryv.example.com-bundle.crt</c>).
/// </summary>
public sealed record TokenReplacement(string Text, IReadOnlyDictionary<string, int> Counts, int Escapes)
{
    public IReadOnlyDictionary<string, int> Held { get; init; } = new Dictionary<string, int>();

    public IReadOnlyList<NearMiss> NearMisses { get; init; } = [];
}
