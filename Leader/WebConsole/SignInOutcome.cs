using PryvBus.Leader.Accounts;

namespace PryvBus.Leader.WebConsole;

/// <summary>The operator signed in, or the one message shown for any refusal (wrong name, wrong password, disabled, locked out).</summary>
public sealed record SignInOutcome(Actor? Operator, string? Refusal)
{
    public static SignInOutcome Refused(string message) => new(null, message);
}
