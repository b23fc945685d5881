using System.Text.RegularExpressions;

namespace PryvBus.Leader.Accounts;

/// <summary>Operator names: letters, digits, '.', '_', '-', '@', at most 64, starting with a letter or digit.</summary>
public static partial class OperatorNames
{
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    public const string Rule = "letters, digits, '.', '_', '-' and '@', at most 64, starting with a letter or digit";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")]
    private static partial Regex Pattern();
}
