using PryvBus.Leader.Accounts;

namespace PryvBus.Leader.WebConsole;

/// <summary>No accounts: every sign-in is refused (the default until operator accounts are registered).</summary>
public sealed class NoOperatorSignIn : IOperatorSignIn
{
    public Task<SignInOutcome> CheckPasswordAsync(string name, string password, string client, CancellationToken cancellationToken = default) =>
        Task.FromResult(SignInOutcome.Refused("no operator accounts exist: create one with `pryvbus-leader users add NAME --role ROLE`"));

    public Actor? Find(string name) => null;
}
