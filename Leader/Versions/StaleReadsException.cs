namespace PryvBus.Leader.Versions;

/// <summary>
/// A trusted pass's store refused because what the pass did not read moved since its previous pass: Redis's generation
/// key (the store lost its data, was restored, another leader started one) or the role's pin (set by hand). Nothing of it
/// was written; the pass runs again, reading everything (<see cref="Pipeline.PlatformPipeline"/>).
/// </summary>
public sealed class StaleReadsException(string message) : Exception(message);
