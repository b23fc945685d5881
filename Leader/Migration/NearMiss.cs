namespace PryvBus.Leader.Migration;

/// <summary>A value found inside a longer token (line 1-based): left as it is, reported for the operator to check.</summary>
public sealed record NearMiss(int Line, string Token, string Expression);
