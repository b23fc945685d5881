namespace PryvBus.Leader.Accounts;

/// <summary>Who did something, with which role, through which door (<c>console</c>, <c>api</c>, <c>cli</c>, <c>file</c>).</summary>
public sealed record Actor(string Name, OperatorRole Role, string Source)
{
    /// <summary>The bootstrap credential: the admin key of the settings, presented to the HTTP API.</summary>
    public static Actor AdminKey { get; } = new("admin-key", OperatorRole.Admin, "api");

    /// <summary>Someone on the leader's machine running the CLI (who can read the state folder anyway).</summary>
    public static Actor Cli() => new($"cli:{Environment.UserName}", OperatorRole.Admin, "cli");

    public bool Can(OperatorRole needed) => Role >= needed;
}
