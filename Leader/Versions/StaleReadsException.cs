namespace PryvBus.Leader.Versions;

/// <summary>
/// A trusted pass's store refused because what the pass did not read moved since its previous pass: Redis's generation
/// key (the store lost its data, was restored, another leader started one) or the role's pin (set by hand). Nothing of it
/// was written; the pass runs again as a checking pass: every role when the generation moved, that role and the ones
/// after it when only its pin did (<see cref="Pipeline.PlatformPipeline"/>).
/// </summary>
/// <param name="message">What moved, for the log.</param>
/// <param name="generationMoved">True when the generation key no longer held the pass's generation; false when only the role's pin moved.</param>
public sealed class StaleReadsException(string message, bool generationMoved) : Exception(message)
{
    /// <summary>True when the generation key moved (every role may be gone); false when only the role's pin did.</summary>
    public bool GenerationMoved { get; } = generationMoved;
}
