using PryvBus.Leader.Accounts;

namespace PryvBus.Leader.WebConsole.Pages;

/// <summary>What every console page needs besides its own data: who is signed in and the form token of this browser.</summary>
public sealed record ConsoleContext(Actor? Operator, string CsrfField, string CsrfToken)
{
    public bool Can(OperatorRole role) => Operator?.Can(role) == true;
}
