using PryvBus.Leader.Accounts;

namespace PryvBus.Leader.WebConsole;

/// <summary>
/// The console's sign-in through the leader's accounts: the users file, PBKDF2 passwords, the per-account lockout
/// (<see cref="LoginGuard"/>). One password is checked at a time: PBKDF2 is CPU work on purpose, and a flood of sign-ins
/// then takes one core, never every worker of the pool that the leader's Redis answers need (docs/security.md).
/// </summary>
public sealed class AccountsSignIn(OperatorDirectory directory, LoginGuard guard) : IOperatorSignIn, IDisposable
{
    public const string Refusal = "Wrong operator name or password.";

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private int _waiting;

    /// <summary>Checks asked for that wait for their turn.</summary>
    internal int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Called on the check's thread just before the password is checked (tests).</summary>
    internal Action? Checking { get; init; }

    public async Task<SignInOutcome> CheckPasswordAsync(string name, string password, string client, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _oneAtATime.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        try
        {
            // Off the request's thread.
            return await Task.Run(
                () =>
                {
                    Checking?.Invoke();
                    var outcome = guard.Verify(name, password);
                    return outcome.Actor is { } signedIn ? new SignInOutcome(signedIn, null, outcome.SessionStamp) : SignInOutcome.Refused(Refusal);
                },
                cancellationToken);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public Actor? Find(string name, string stamp)
    {
        var account = directory.Current()?.Find(name);
        return account is { Disabled: false } && SessionStamps.Same(SessionStamps.Of(account), stamp) ? new Actor(account.Name, account.ParsedRole, "console") : null;
    }

    public bool Exists(string name) => directory.Current()?.Find(name) is not null;

    public void Dispose() => _oneAtATime.Dispose();
}
