namespace PryvBus.Leader.Migration;

/// <summary>A platform string the importer looks for, and the Scriban expression that renders it (<c>DOMAIN</c>, <c>CORES[0].ip</c>).</summary>
public sealed record ImportValue(string Expression, string Value)
{
    public string Template => "{{ " + Expression + " }}";
}
