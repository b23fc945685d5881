namespace PryvBus.Leader.Migration;

/// <summary>What the importer did with one file.</summary>
public enum ImportOutcome
{
    /// <summary>The template did not exist and was written.</summary>
    Written,

    /// <summary>The template existed with other content and <c>--force</c> replaced it.</summary>
    Overwritten,

    /// <summary>The template already had exactly this content.</summary>
    Unchanged,

    /// <summary>The template existed with other content and was kept (no <c>--force</c>).</summary>
    Kept,
}
