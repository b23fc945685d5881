namespace PryvBus.Leader.Migration;

/// <summary>What <c>import-pryv-leader</c> did: what it wrote, what it left out, what it noted, what stopped it.</summary>
public sealed class PryvImportResult
{
    public List<string> Done { get; } = [];

    public List<string> LeftOut { get; } = [];

    public List<string> Notes { get; } = [];

    /// <summary>Anything not converted: when not empty, nothing was written.</summary>
    public List<string> Problems { get; } = [];

    public bool Written { get; set; }
}
