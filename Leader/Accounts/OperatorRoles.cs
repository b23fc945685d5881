namespace PryvBus.Leader.Accounts;

/// <summary>The names of <see cref="OperatorRole"/> as operators write them: <c>viewer</c>, <c>editor</c>, <c>releaser</c>, <c>admin</c>.</summary>
public static class OperatorRoles
{
    public static IReadOnlyList<string> Names { get; } = ["viewer", "editor", "releaser", "admin"];

    public static string Name(OperatorRole role) => Names[(int)role];

    public static bool TryParse(string? text, out OperatorRole role)
    {
        var index = text is null ? -1 : Names.ToList().IndexOf(text.Trim().ToLowerInvariant());
        role = index < 0 ? OperatorRole.Viewer : (OperatorRole)index;
        return index >= 0;
    }
}
