using PryvBus.Leader.Accounts;

namespace PryvBus.Leader.WebConsole;

/// <summary>The console's sign-in through the leader's accounts: the users file, PBKDF2 passwords, the per-account lockout (<see cref="LoginGuard"/>).</summary>
public sealed class AccountsSignIn(OperatorDirectory directory, LoginGuard guard) : IOperatorSignIn
{
    public const string Refusal = "Wrong operator name or password.";

    public Task<SignInOutcome> CheckPasswordAsync(string name, string password, string client, CancellationToken cancellationToken = default) =>
        // PBKDF2 is CPU work on purpose: off the request's thread.
        Task.Run(
            () =>
            {
                var outcome = guard.Verify(name, password);
                return outcome.Actor is { } signedIn ? new SignInOutcome(signedIn, null) : SignInOutcome.Refused(Refusal);
            },
            cancellationToken);

    public Actor? Find(string name)
    {
        var account = directory.Current()?.Find(name);
        return account is { Disabled: false } ? new Actor(account.Name, account.ParsedRole, "console") : null;
    }
}
