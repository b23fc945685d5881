using PryvBus.Leader.Accounts;

namespace PryvBus.Leader.WebConsole;

/// <summary>
/// How the console checks a password and learns an operator's current role. Every request of a signed-in browser asks
/// <see cref="Find"/> again, so a disabled, removed or demoted operator, or one whose session stamp changed, loses access
/// at once, not when the cookie expires.
/// </summary>
public interface IOperatorSignIn
{
    /// <summary>The operator and the account's session stamp when the password is right and the account neither disabled nor locked out; else why not (one message for every failure, so it reveals nothing).</summary>
    Task<SignInOutcome> CheckPasswordAsync(string name, string password, string client, CancellationToken cancellationToken = default);

    /// <summary>The operator as the accounts know it now (source <c>console</c>); null when removed, disabled, or its session stamp is no longer <paramref name="stamp"/> (<see cref="SessionStamps"/>).</summary>
    Actor? Find(string name, string stamp);

    /// <summary>True when an account of that name exists (enabled or not).</summary>
    bool Exists(string name);
}
