namespace PryvBus.Leader.Migration;

/// <summary>
/// A platform value the importer looks for, and the Scriban expression that renders it (<c>DOMAIN</c>,
/// <c>CORES[0].ip</c>). <see cref="Hold"/> says why it is only reported, not replaced (shared by several names, a
/// common word…); <see cref="ValuePositionOnly"/> limits a number or boolean to value positions (<c>port: 3000</c>).
/// </summary>
public sealed record ImportValue(string Expression, string Value)
{
    public string Template => "{{ " + Expression + " }}";

    public string? Hold { get; init; }

    public bool ValuePositionOnly { get; init; }
}
