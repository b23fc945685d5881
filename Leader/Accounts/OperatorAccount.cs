namespace PryvBus.Leader.Accounts;

/// <summary>One operator of the users file: name, role, password hash (<see cref="PasswordHash"/>), disabled flag, session stamp, tokens.</summary>
public sealed class OperatorAccount
{
    public string Name { get; set; } = string.Empty;

    /// <summary>viewer, editor, releaser or admin (<see cref="OperatorRoles"/>).</summary>
    public string Role { get; set; } = "viewer";

    public string? PasswordHash { get; set; }

    public bool Disabled { get; set; }

    /// <summary>Random, renewed when the account's sessions must end (<see cref="SessionStamps"/>); null in files written before it existed.</summary>
    public string? SessionStamp { get; set; }

    /// <summary>UTC, ISO 8601.</summary>
    public string Created { get; set; } = string.Empty;

    public List<ApiTokenRecord> Tokens { get; set; } = [];

    public OperatorRole ParsedRole => OperatorRoles.TryParse(Role, out var role) ? role : OperatorRole.Viewer;
}
