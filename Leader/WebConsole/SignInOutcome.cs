using PryvBus.Leader.Accounts;

namespace PryvBus.Leader.WebConsole;

/// <summary>The operator signed in with the account's session stamp (<see cref="SessionStamps.Of"/>), or the one message shown for any refusal (wrong name, wrong password, disabled, locked out).</summary>
public sealed record SignInOutcome(Actor? Operator, string? Refusal, string? SessionStamp = null)
{
    public static SignInOutcome Refused(string message) => new(null, message);
}
