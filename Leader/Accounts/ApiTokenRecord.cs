namespace PryvBus.Leader.Accounts;

/// <summary>
/// One API token of an operator as the users file keeps it: its public id (also the token's first part), a label, when
/// it was created, and the SHA-256 of the whole token (the token itself is printed once, never stored).
/// </summary>
public sealed class ApiTokenRecord
{
    public string Id { get; set; } = string.Empty;

    public string? Label { get; set; }

    /// <summary>UTC, ISO 8601.</summary>
    public string Created { get; set; } = string.Empty;

    /// <summary>Lower-case hex SHA-256 of the token.</summary>
    public string Sha256 { get; set; } = string.Empty;
}
